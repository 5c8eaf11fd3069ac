import { z } from 'zod';
import { Op } from 'sequelize';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';

const markReadInput = z.union([z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) }), z.object({ all: z.literal(true) })]);

/** Marks the user's own notifications read (some by id, or all); others' ids are ignored. */
export async function markNotificationsRead(ctx: DomainContext, userId: number, raw: unknown) {
  const input = parseInput(markReadInput, raw);
  const where: Record<string, unknown> = { user_id: userId, read_at: null };
  if ('ids' in input) where.id = { [Op.in]: input.ids };
  const [count] = await ctx.models.Notification.update({ read_at: new Date() }, { where, transaction: ctx.transaction });
  return { marked: count };
}
