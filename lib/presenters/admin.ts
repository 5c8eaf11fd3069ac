import type { AuditLogRow } from '../db/models/auditLog.js';

/** One line of the audit log as the admin page shows it. */
export const presentAuditEntry = (r: AuditLogRow, actors?: Map<number, string>) => ({
  id: r.id,
  actorType: r.actor_type,
  actorId: r.actor_id,
  /** The acting user's e-mail (null: not a user, or deleted since). */
  actorName: r.actor_id && r.actor_type === 'user' ? (actors?.get(r.actor_id) ?? null) : null,
  clientId: r.client_id ?? null,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  ip: r.ip,
  details: r.details,
  createdAt: new Date(r.created_at).toISOString(),
});
