import { z } from 'zod';
import { eraseVisitor } from '../../../domain/visitors/eraseVisitor.js';
import { chatFileStorage, thumbnailPathOf } from '../../../files/chatFileStorage.js';
import { id } from '../../../domain/schemas.js';
import type { RunContext } from '../../../runner/entry.js';
import type { VisitorRow } from '../../../db/models/visitor.js';
import { route, type HttpEnv } from '../../route.js';
import { apiRateLimit } from '../apiV1/rateLimit.js';

const byVisitor = z.object({ visitorId: id });

/** Erases in the transaction; the files (and their previews) go once it has committed. */
async function erase(ctx: RunContext<HttpEnv, VisitorRow>) {
  const result = await eraseVisitor(ctx.domain, ctx.grant);
  const storage = chatFileStorage(ctx.env.deps.config.dataDir);
  ctx.onCommit(() => {
    storage.remove(result.files.flatMap((f) => [f, thumbnailPathOf(f)])).catch((err: unknown) => ctx.env.deps.logger.error({ err }, 'erasing a visitor: a file could not be removed'));
  });
  return { visitorId: ctx.grant.id, ...result };
}
const present = (r: Awaited<ReturnType<typeof erase>>) => ({ erased: { visitorId: r.visitorId, chats: r.chats, files: r.files.length } });

/** The visitor side panel's "Erase" (super admins): GDPR erasure, kept consistent for the reports. */
const eraseVisitorRoute = route({
  method: 'post',
  path: '/api/visitors/:visitorId/erase',
  permission: 'visitor.data',
  input: { params: byVisitor },
  run: erase,
  present,
});

const apiEraseVisitorRoute = route({
  method: 'post',
  path: '/api/v1/visitors/:visitorId/erase',
  permission: 'visitor.data',
  scope: 'admin',
  before: apiRateLimit,
  input: { params: byVisitor },
  doc: { tag: 'Directory', summary: "Erase a visitor's personal data (super admins): names and message text anonymised, files deleted", output: z.object({ erased: z.object({ visitorId: z.number().int(), chats: z.number().int(), files: z.number().int() }) }) },
  run: erase,
  present,
});

export const visitorEraseRoutes = [eraseVisitorRoute];
export const apiV1VisitorEraseRoutes = [apiEraseVisitorRoute];
