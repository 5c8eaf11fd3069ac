import fs from 'node:fs';
import { z } from 'zod';
import { visibleClientIds } from '../../../policies/index.js';
import { subjectOf } from '../../../identity/identity.js';
import { id } from '../../../domain/schemas.js';
import { resolveHistoryFilter } from '../../../domain/history/resolveHistoryFilter.js';
import { historyExportQuery } from '../../../domain/history/historyQuery.js';
import type { ExportJob } from '../../../db/history/exportJobs.js';
import type { HistoryExportDTO } from '../../../protocol/http.js';
import { AppError, notFound } from '../../../errors.js';
import { route } from '../../route.js';
import type { AppDeps } from '../../types.js';
import { attachmentHeader } from '../files/downloads.js';
import { EXPORT_CONTENT_TYPES, exportFileName } from './exportFiles.js';

const byExport = z.object({ exportId: id });

function exportsOf(deps: AppDeps) {
  if (!deps.historyExports) throw new AppError('unavailable', 'Background exports are not running on this server: download the export directly (GET /api/history/export).', 503);
  return deps.historyExports;
}

/** The user's own export, or 404 (another user's export is not found, not forbidden: ids are not probed). */
async function ownExport(deps: AppDeps, userId: number, exportId: number): Promise<ExportJob> {
  const job = await exportsOf(deps).find(exportId);
  if (!job || job.userId !== userId) throw notFound('export');
  return job;
}

const presentExport = (job: ExportJob): HistoryExportDTO => ({
  id: job.id,
  status: job.status,
  format: job.format,
  withMessages: job.withMessages,
  done: job.doneChats,
  total: job.totalChats,
  bytes: job.bytes,
  error: job.error,
  createdAt: job.createdAt.toISOString(),
  finishedAt: job.finishedAt ? job.finishedAt.toISOString() : null,
  downloadUrl: job.status === 'done' ? `/api/history/exports/${job.id}/file` : null,
});

/** POST /api/history/exports: the same filters as GET /api/history/export, run in the background (202); poll the answer's id. */
export const startExportRoute = route({
  method: 'post',
  path: '/api/history/exports',
  permission: 'signed.in',
  input: { body: historyExportQuery },
  // The export row is its own write, committed before the background run reads it (SQLite has one writer).
  unitOfWork: 'none',
  status: 202,
  run: async (ctx, { body }) => {
    const user = subjectOf(ctx.caller)!;
    const filter = resolveHistoryFilter(body, await visibleClientIds(ctx.domain.models, user), user.id);
    return exportsOf(ctx.env.deps).start({ userId: user.id, filter, format: body.format, withMessages: body.messages });
  },
  present: (job) => ({ export: presentExport(job) }),
});

/** GET /api/history/exports/:exportId: how far it got; `downloadUrl` once done. */
export const exportStatusRoute = route({
  method: 'get',
  path: '/api/history/exports/:exportId',
  permission: 'signed.in',
  input: { params: byExport },
  run: async (ctx, { params }) => ownExport(ctx.env.deps, subjectOf(ctx.caller)!.id, params.exportId),
  present: (job) => ({ export: presentExport(job) }),
});

/** GET /api/history/exports/:exportId/file: the finished file, to the user who asked for it. */
export const exportFileRoute = route({
  method: 'get',
  path: '/api/history/exports/:exportId/file',
  permission: 'signed.in',
  input: { params: byExport },
  run: async (ctx, { params }) => {
    const job = await ownExport(ctx.env.deps, subjectOf(ctx.caller)!.id, params.exportId);
    if (job.status !== 'done') throw new AppError('not_ready', job.status === 'failed' ? (job.error ?? 'The export failed: start it again.') : `The export is not finished yet (${job.doneChats} of ${job.totalChats} chats): ask again in a moment.`, 409);
    const file = exportsOf(ctx.env.deps).fileOf(job);
    if (!fs.existsSync(file)) throw new AppError('gone', 'The export file is no longer on this server: start the export again.', 410);
    return { job, file };
  },
  present: ({ job, file }, ctx) => {
    const { http } = ctx.env;
    http.set('Content-Type', EXPORT_CONTENT_TYPES[job.format]);
    http.set('Content-Disposition', attachmentHeader(exportFileName(job.format, job.createdAt)));
    http.set('Content-Length', String(fs.statSync(file).size));
    http.set('Cache-Control', 'private, no-store');
    http.set('X-Content-Type-Options', 'nosniff');
    return fs.createReadStream(file);
  },
});

export const historyExportRoutes = [startExportRoute, exportStatusRoute, exportFileRoute];
