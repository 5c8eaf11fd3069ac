import { PassThrough } from 'node:stream';
import { auditFilters, listAudit, listAuditInput } from '../../../domain/audit/listAudit.js';
import { exportAudit } from '../../../domain/audit/exportAudit.js';
import { presentAuditEntry } from '../../../presenters/admin.js';
import { route } from '../../route.js';
import { attachmentHeader } from '../files/downloads.js';

/** The audit log (logins, admin changes, downloads, tokens…), newest first, filtered by actor, action, website and date; super admins. */
const listAuditRoute = route({
  method: 'get',
  path: '/api/audit',
  permission: 'audit.read',
  input: { query: listAuditInput },
  run: (ctx, { query }) => listAudit(ctx.domain.models, query),
  present: ({ rows, actors }) => ({ entries: rows.map((r) => presentAuditEntry(r, actors)) }),
});

/** The same filters as a CSV download, streamed. */
const exportAuditRoute = route({
  method: 'get',
  path: '/api/audit/export',
  permission: 'audit.read',
  input: { query: auditFilters },
  run: async (_ctx, { query }) => query,
  present: (filter, ctx) => {
    const { http, deps } = ctx.env;
    const out = new PassThrough();
    exportAudit(deps.db.models, filter, out).catch((err: unknown) => {
      deps.logger.error({ err }, 'audit export failed');
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    http.set('Content-Type', 'text/csv; charset=utf-8');
    http.set('Content-Disposition', attachmentHeader(`audit-${new Date(deps.clock.now()).toISOString().slice(0, 10)}.csv`));
    http.set('Cache-Control', 'private, no-store');
    return out;
  },
});

export const auditRoutes = [listAuditRoute, exportAuditRoute];
