import { listAudit, listAuditInput } from '../../../domain/audit/listAudit.js';
import { presentAuditEntry } from '../../../presenters/admin.js';
import { route } from '../../route.js';

/** The audit log (logins, failed logins, admin changes, downloads), newest first, for super admins. */
const listAuditRoute = route({
  method: 'get',
  path: '/api/audit',
  permission: 'audit.read',
  input: { query: listAuditInput },
  run: (ctx, { query }) => listAudit(ctx.domain.models, query),
  present: (rows) => ({ entries: rows.map(presentAuditEntry) }),
});

export const auditRoutes = [listAuditRoute];
