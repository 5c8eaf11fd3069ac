import { z } from 'zod';
import { visitorZip } from '../../../exports/visitorZip.js';
import { recordAudit } from '../../../domain/audit/recordAudit.js';
import { id } from '../../../domain/schemas.js';
import type { RunContext } from '../../../runner/entry.js';
import type { VisitorRow } from '../../../db/models/visitor.js';
import { route, type HttpEnv } from '../../route.js';
import { attachmentHeader } from '../files/downloads.js';
import { apiRateLimit } from '../apiV1/rateLimit.js';

const byVisitor = z.object({ visitorId: id });

/** Packs the ZIP and audits the export in the same transaction. */
async function pack(ctx: RunContext<HttpEnv, VisitorRow>) {
  const { bytes, files } = await visitorZip(ctx.domain.models, ctx.env.deps.config.dataDir, ctx.grant);
  await recordAudit(ctx.domain, { action: 'visitor.exported', targetType: 'visitor', targetId: ctx.grant.id, clientId: ctx.grant.client_id, details: { files } });
  return { visitorId: ctx.grant.id, bytes };
}

function present({ visitorId, bytes }: Awaited<ReturnType<typeof pack>>, ctx: RunContext<HttpEnv, VisitorRow>) {
  const { http } = ctx.env;
  http.set('Content-Type', 'application/zip');
  http.set('Content-Disposition', attachmentHeader(`visitor-${visitorId}.zip`));
  http.set('Cache-Control', 'private, no-store');
  return bytes;
}

/** GDPR access request (super admins): everything held about the visitor, as a ZIP of JSON and files. */
const exportVisitorRoute = route({
  method: 'get',
  path: '/api/visitors/:visitorId/export',
  permission: 'visitor.data',
  input: { params: byVisitor },
  // The audit entry of the export is written with it.
  unitOfWork: 'transaction',
  run: pack,
  present,
});

const apiExportVisitorRoute = route({
  method: 'get',
  path: '/api/v1/visitors/:visitorId/export',
  permission: 'visitor.data',
  scope: 'admin',
  before: apiRateLimit,
  input: { params: byVisitor },
  unitOfWork: 'transaction',
  doc: { tag: 'Directory', summary: "Everything held about a visitor (super admins), as a ZIP of JSON documents and files", output: z.string().describe('a ZIP archive: visitor.json, sessions.json, chats.json and files/'), contentType: 'application/zip' },
  run: pack,
  present,
});

export const visitorExportRoutes = [exportVisitorRoute];
export const apiV1VisitorExportRoutes = [apiExportVisitorRoute];
