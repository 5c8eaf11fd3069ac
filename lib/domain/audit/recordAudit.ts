import type { DomainContext } from '../types.js';

interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: number | null;
  details?: Record<string, unknown>;
  ip?: string | null;
  /** The website concerned; by default the target when it is a website, or the details' clientId / websiteId. */
  clientId?: number | null;
}

function websiteOf(entry: AuditEntry): number | null {
  if (entry.clientId !== undefined) return entry.clientId;
  if (entry.targetType === 'client' && entry.targetId) return entry.targetId;
  const named = entry.details?.clientId ?? entry.details?.websiteId;
  return typeof named === 'number' ? named : null;
}

/** Appends one row to the audit log, in the caller's transaction (logins, admin changes, downloads). It emits nothing, so it needs no unit of work. */
export async function recordAudit(ctx: Omit<DomainContext, 'emit'>, entry: AuditEntry): Promise<void> {
  const actor = ctx.actor;
  await ctx.models.AuditLog.create(
    {
      actor_type: actor.type,
      actor_id: actor.type === 'user' || actor.type === 'visitor' ? actor.id : null,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      client_id: websiteOf(entry),
      ip: entry.ip ?? (actor.type === 'user' || actor.type === 'visitor' ? actor.ip ?? null : null),
      details: entry.details ?? null,
    },
    { transaction: ctx.transaction },
  );
}
