import { z } from 'zod';
import type { Models } from '../../db/models/index.js';
import type { Sequelize } from 'sequelize';
import { AppError } from '../../errors.js';
import { parseInput } from '../validate.js';
import { recordAudit } from '../audit/recordAudit.js';
import { verifyPassword, UNUSABLE_HASH } from './passwords.js';
import { createSession } from './sessions.js';

export const loginInput = z.object({
  email: z.string().trim().toLowerCase().min(1, 'is required').max(190),
  password: z.string().min(1, 'is required').max(200),
});

export interface LoginPolicy {
  maxFailedLogins: number;
  lockoutMinutes: number;
  sessionTtlHours: number;
}

const invalidCredentials = () => new AppError('invalid_credentials', 'The e-mail or password is wrong.', 401);

/**
 * Checks a password and opens a session. Repeated failures lock the account for a while; every
 * attempt, good or bad, is audited. An unknown e-mail costs the same time as a wrong password.
 */
export async function login(
  deps: { models: Models; sequelize: Sequelize },
  raw: unknown,
  meta: { ip: string | null; userAgent: string | null; policy: LoginPolicy },
) {
  const input = parseInput(loginInput, raw);
  const { models } = deps;
  const user = await models.User.findOne({ where: { email: input.email } });
  const audit = (action: string, details: Record<string, unknown>, userId?: number) =>
    recordAudit(
      { models, actor: userId ? { type: 'user', id: userId, ip: meta.ip } : { type: 'system' } },
      { action, targetType: 'user', targetId: userId ?? null, ip: meta.ip, details },
    );

  if (!user) {
    await verifyPassword(input.password, UNUSABLE_HASH);
    await audit('login.failed', { email: input.email, reason: 'unknown_email' });
    throw invalidCredentials();
  }
  if (user.locked_until && user.locked_until > new Date()) {
    const minutes = Math.ceil((user.locked_until.getTime() - Date.now()) / 60_000);
    await audit('login.failed', { email: input.email, reason: 'locked' }, user.id);
    throw new AppError('account_locked', `Too many failed logins: this account is locked for ${minutes} more minute(s).`, 429);
  }
  const ok = await verifyPassword(input.password, user.password_hash);
  if (!ok) {
    const failures = user.failed_login_count + 1;
    const locks = failures >= meta.policy.maxFailedLogins;
    await user.update({
      failed_login_count: locks ? 0 : failures,
      locked_until: locks ? new Date(Date.now() + meta.policy.lockoutMinutes * 60_000) : user.locked_until,
    });
    await audit(locks ? 'login.locked' : 'login.failed', { email: input.email, reason: 'wrong_password', failures }, user.id);
    throw invalidCredentials();
  }
  if (!user.is_active) {
    await audit('login.failed', { email: input.email, reason: 'disabled' }, user.id);
    throw new AppError('account_disabled', 'This account is disabled. Ask an administrator to enable it.', 403);
  }
  return deps.sequelize.transaction(async (transaction) => {
    await user.update({ failed_login_count: 0, locked_until: null }, { transaction });
    const opened = await createSession(models, { userId: user.id, ttlHours: meta.policy.sessionTtlHours, ip: meta.ip, userAgent: meta.userAgent }, transaction);
    await recordAudit({ models, transaction, actor: { type: 'user', id: user.id, ip: meta.ip } }, { action: 'login.succeeded', targetType: 'user', targetId: user.id });
    return { user, ...opened };
  });
}
