import type { AuditLogRow } from '../db/models/auditLog.js';

/** One line of the audit log as the admin page shows it. */
export const presentAuditEntry = (r: AuditLogRow) => ({
  id: r.id,
  actorType: r.actor_type,
  actorId: r.actor_id,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  ip: r.ip,
  details: r.details,
  createdAt: new Date(r.created_at).toISOString(),
});
