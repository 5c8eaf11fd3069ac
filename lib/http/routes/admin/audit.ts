import { listAudit, listAuditInput } from '../../../domain/audit/listAudit.js';
import { presentAuditEntry } from '../../../presenters/admin.js';
import { allow, query } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

/** The audit log (logins, failed logins, admin changes, downloads), newest first, for super admins. */
export function auditRoutes(router: AppRouter, deps: AppDeps) {
  router.get('/api/audit', async (ctx) => {
    allow(ctx, 'audit:read');
    const rows = await listAudit(deps.db.models, query(ctx, listAuditInput));
    ctx.body = { entries: rows.map(presentAuditEntry) };
  });
}
