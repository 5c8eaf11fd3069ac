import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { visibleClientIds } from '../../../policies/index.js';
import { subjectOf } from '../../../identity/identity.js';
import { historyFilters, historyPageQuery } from '../../../domain/history/historyQuery.js';
import { listHistory } from '../../../domain/history/listHistory.js';
import { resolveHistoryFilter } from '../../../domain/history/resolveHistoryFilter.js';
import { exportHistory } from '../../../domain/history/exportHistory.js';
import { route } from '../../route.js';
import { attachmentHeader } from '../files/downloads.js';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

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

export const historyExportQuery = z.intersection(
  historyFilters,
  z.object({
    format: z.enum(['csv', 'xlsx']).default('csv'),
    /** `true`: each chat's messages follow it, one row each. */
    messages: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  }),
);

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
    return { filter: resolveHistoryFilter(query, await visibleClientIds(ctx.domain.models, user), user.id), format: query.format, withMessages: query.messages };
  },
  present: ({ filter, format, withMessages }, ctx) => {
    const { http, deps } = ctx.env;
    const out = new PassThrough();
    exportHistory(deps.db.sequelize, filter, out, { format, withMessages }).catch((err: unknown) => {
      deps.logger.error({ err }, 'history export failed');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    http.set('Content-Type', CONTENT_TYPES[format]);
    http.set('Content-Disposition', attachmentHeader(`chat-history-${new Date().toISOString().slice(0, 10)}.${format}`));
    http.set('Cache-Control', 'private, no-store');
    http.set('X-Content-Type-Options', 'nosniff');
    return out;
  },
});

export const historyRoutes = [historyRoute, historyExportRoute];
