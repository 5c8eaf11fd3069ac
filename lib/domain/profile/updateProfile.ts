import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { personName, pseudoName } from '../schemas.js';
import { recordAudit } from '../audit/recordAudit.js';
import { notFound } from '../../errors.js';

export const updateProfileInput = z
  .object({
    name: personName,
    pseudoName,
    preferences: z.object({ sounds: z.boolean(), newChatSound: z.boolean(), newMessageSound: z.boolean() }).partial().strict(),
  })
  .partial()
  .strict();

/** What every user may change about themselves: names shown in chats and their own preferences (input parsed by updateProfileInput). */
export async function updateProfile(ctx: DomainContext, userId: number, input: z.output<typeof updateProfileInput>) {
  const user = await ctx.models.User.findByPk(userId, { transaction: ctx.transaction });
  if (!user) throw notFound('user');
  const changes: Record<string, unknown> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.pseudoName !== undefined) changes.pseudo_name = input.pseudoName;
  if (input.preferences !== undefined) changes.preferences = { ...user.preferences, ...input.preferences };
  await user.update(changes, { transaction: ctx.transaction });
  await recordAudit(ctx, { action: 'profile.updated', targetType: 'user', targetId: user.id, details: { fields: Object.keys(changes) } });
  return user;
}
