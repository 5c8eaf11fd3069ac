import { PassThrough } from 'node:stream';
import { visibleClientIds } from '../../../policies/index.js';
import { subjectOf } from '../../../identity/identity.js';
import { historyExportQuery, historyPageQuery } from '../../../domain/history/historyQuery.js';
import { listHistory } from '../../../domain/history/listHistory.js';
import { resolveHistoryFilter } from '../../../domain/history/resolveHistoryFilter.js';
import { exportHistory } from '../../../domain/history/exportHistory.js';
import { route } from '../../route.js';
import { assertDownloadable } from '../../../domain/history/assertDownloadable.js';
import { historyExportRoutes } from './exports.js';
import { attachmentHeader } from '../files/downloads.js';
import { EXPORT_CONTENT_TYPES, exportFileName } from './exportFiles.js';


/** GET /api/history: the chat history with every filter, newest first, a page at a time (`next`), on the user's websites only. */
export const historyRoute = route({
  method: 'get',
  path: '/api/history',
  permission: 'signed.in',
  input: { query: historyPageQuery },
  run: async (ctx, { query }) => {
    const user = subjectOf(ctx.caller)!;
    return listHistory(ctx.domain.models, await visibleClientIds(ctx.domain.models, user), user.id, query);
  },
  present: (page) => page,
});

/**
 * GET /api/history/export: what the history shows (the same filters), as a CSV or Excel download,
 * streamed from the database as it is written (memory stays flat however many chats).
 */
export const historyExportRoute = route({
  method: 'get',
  path: '/api/history/export',
  permission: 'signed.in',
  input: { query: historyExportQuery },
  run: async (ctx, { query }) => {
    const user = subjectOf(ctx.caller)!;
    const filter = resolveHistoryFilter(query, await visibleClientIds(ctx.domain.models, user), user.id);
    await assertDownloadable(ctx.env.deps.db.sequelize, filter, ctx.env.deps.config.exports.downloadMaxChats);
    return { filter, format: query.format, withMessages: query.messages };
  },
  present: ({ filter, format, withMessages }, ctx) => {
    const { http, deps } = ctx.env;
    const out = new PassThrough();
    exportHistory(deps.db.sequelize, filter, out, { format, withMessages }).catch((err: unknown) => {
      deps.logger.error({ err }, 'history export failed');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    http.set('Content-Type', EXPORT_CONTENT_TYPES[format]);
    http.set('Content-Disposition', attachmentHeader(exportFileName(format, new Date())));
    http.set('Cache-Control', 'private, no-store');
    http.set('X-Content-Type-Options', 'nosniff');
    return out;
  },
});

export const historyRoutes = [historyRoute, historyExportRoute, ...historyExportRoutes];
