import { z } from 'zod';
import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';

export const listAuditInput = z.object({ action: z.string().max(60).optional(), beforeId: z.coerce.number().int().positive().optional() });

/** The audit log, newest first, 100 a page (`beforeId` pages back), optionally of one action. */
export async function listAudit(models: Models, input: z.infer<typeof listAuditInput>) {
  const where: Record<string | symbol, unknown> = {};
  if (input.action) where.action = input.action;
  if (input.beforeId) where.id = { [Op.lt]: input.beforeId };
  return models.AuditLog.findAll({ where, order: [['id', 'DESC']], limit: 100 });
}
