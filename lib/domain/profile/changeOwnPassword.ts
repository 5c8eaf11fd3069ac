import { Op } from 'sequelize';
import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { password } from '../schemas.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { recordAudit } from '../audit/recordAudit.js';
import { AppError, notFound } from '../../errors.js';

const changeOwnPasswordInput = z.object({ currentPassword: z.string().min(1, 'is required'), newPassword: password });

/** A user changes their own password; their other sessions end (their sockets too), the current one stays. */
export async function changeOwnPassword(ctx: DomainContext, userId: number, currentSessionId: number, raw: unknown) {
  const input = parseInput(changeOwnPasswordInput, raw);
  const user = await ctx.models.User.findByPk(userId, { transaction: ctx.transaction });
  if (!user) throw notFound('user');
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AppError('invalid_credentials', 'The current password is wrong.', 422);
  }
  if (input.newPassword === input.currentPassword) throw new AppError('password_unchanged', 'Choose a new password: it must differ from the current one.', 422);
  // The one way out of a password someone else set (must_change_password): its owner chose one now.
  await user.update({ password_hash: await hashPassword(input.newPassword), must_change_password: false }, { transaction: ctx.transaction });
  await ctx.models.Session.destroy({ where: { user_id: user.id, id: { [Op.ne]: currentSessionId } }, transaction: ctx.transaction });
  ctx.emit({ name: 'access.changed', scope: 'user', userId: user.id, reason: 'password.changed' });
  await recordAudit(ctx, { action: 'profile.password_changed', targetType: 'user', targetId: user.id });
}
