import { z } from 'zod';
import { Op, type WhereOptions } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { AuditLogRow } from '../../db/models/auditLog.js';
import { id } from '../schemas.js';

const instant = z.iso.datetime({ offset: true, message: 'must be a date and time such as 2026-12-01T00:00:00Z' }).transform((s) => new Date(s));

/** The audit screen's filters (also those of its CSV export). */
export const auditFilters = z
  .object({
    /** An action (`auth.login`), or every action of a kind (`webhook.`, ending with a dot). */
    action: z.string().trim().max(60).regex(/^[a-z_.]+$/, 'may hold lower-case letters, _ and . only').optional(),
    /** A user's id; `cli` or `system` for what was not done by a user. */
    actor: z.union([z.enum(['cli', 'system']), id]).optional(),
    clientId: id.optional(),
    from: instant.optional(),
    to: instant.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: 'must be after from', path: ['to'] });

export const listAuditInput = z.intersection(auditFilters, z.object({ beforeId: z.coerce.number().int().positive().optional() }));

export function auditWhere(filter: z.infer<typeof auditFilters>, beforeId?: number): WhereOptions<AuditLogRow> {
  const where: Record<string | symbol, unknown> = {};
  if (filter.action) where.action = filter.action.endsWith('.') ? { [Op.like]: `${filter.action}%` } : filter.action;
  if (typeof filter.actor === 'number') Object.assign(where, { actor_type: 'user', actor_id: filter.actor });
  else if (filter.actor) where.actor_type = filter.actor;
  if (filter.clientId) where.client_id = filter.clientId;
  if (filter.from || filter.to) where.created_at = { ...(filter.from ? { [Op.gte]: filter.from } : {}), ...(filter.to ? { [Op.lt]: filter.to } : {}) };
  if (beforeId) where.id = { [Op.lt]: beforeId };
  return where as WhereOptions<AuditLogRow>;
}

/** The audit log, newest first, 100 a page (`beforeId` pages back), with the filters; the users named are loaded with it. */
export async function listAudit(models: Models, input: z.infer<typeof listAuditInput>, limit = 100) {
  const rows = await models.AuditLog.findAll({ where: auditWhere(input, input.beforeId), order: [['id', 'DESC']], limit });
  return { rows, actors: await actorNames(models, rows) };
}

/** The e-mail of each user an entry names as its actor (a deleted user: absent). */
export async function actorNames(models: Models, rows: AuditLogRow[]): Promise<Map<number, string>> {
  const ids = [...new Set(rows.filter((r) => r.actor_type === 'user' && r.actor_id).map((r) => r.actor_id!))];
  const users = ids.length ? await models.User.findAll({ where: { id: ids }, attributes: ['id', 'email'] }) : [];
  return new Map(users.map((u) => [u.id, u.email]));
}
