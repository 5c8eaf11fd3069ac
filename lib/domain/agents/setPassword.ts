import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { password } from '../schemas.js';
import { hashPassword } from '../auth/passwords.js';
import { recordAudit } from '../audit/recordAudit.js';
import { forgetAccount } from '../auth/loginFailures.js';
import { notFound } from '../../errors.js';

/**
 * Sets a new password, clears any lockout and signs the account out everywhere (open sockets included).
 * `mustChangePassword`: the password was made by someone else (the CLI), so its owner replaces it first.
 */
export async function setPassword(ctx: DomainContext, userId: number, newPassword: string, { mustChangePassword = false } = {}) {
  // Parsed as a named field so the refusal reads "password: must be at least 10 characters", not "(root): ...".
  const { password: plain } = parseInput(z.object({ password }), { password: newPassword });
  const user = await ctx.models.User.findByPk(userId, { transaction: ctx.transaction });
  if (!user) throw notFound('agent');
  await user.update({ password_hash: await hashPassword(plain), must_change_password: mustChangePassword }, { transaction: ctx.transaction });
  await ctx.models.Session.destroy({ where: { user_id: user.id }, transaction: ctx.transaction });
  ctx.emit({ name: 'access.changed', scope: 'user', userId: user.id, reason: 'password.reset' });
  await forgetAccount(ctx.models.User.sequelize!, user.email, ctx.transaction);
  await recordAudit(ctx, { action: 'agent.password_set', targetType: 'user', targetId: user.id });
  return user;
}
