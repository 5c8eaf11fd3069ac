import { z } from 'zod';
import type { Models } from '../../db/models/index.js';
import type { Sequelize } from 'sequelize';
import { AppError } from '../../errors.js';
import { parseInput } from '../validate.js';
import { recordAudit } from '../audit/recordAudit.js';
import { verifyPassword, unusableHash } from './passwords.js';
import { createSession } from './sessions.js';
import { clearAttempts, countAttempt, loginSubjects, uncountAttempt, type AttemptCount } from './loginFailures.js';

const loginInput = z.object({
  email: z.string().trim().toLowerCase().min(1, 'is required').max(190),
  password: z.string().min(1, 'is required').max(200),
});

interface LoginPolicy {
  maxFailedLogins: number;
  maxFailedLoginsPerAccount: number;
  lockoutMinutes: number;
  sessionTtlHours: number;
}

const invalidCredentials = () => new AppError('invalid_credentials', 'The e-mail or password is wrong.', 401);

const tooManyAttempts = (retryAfterMs: number) => {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return new AppError('too_many_attempts', `Too many failed sign-ins for this e-mail: try again in ${minutes} minute(s).`, 429, { retryAfterMs });
};

/**
 * Checks a password and opens a session.
 *
 * Attempts are counted before the password is checked, atomically in the shared database, per
 * (e-mail, address) and per e-mail (a looser ceiling), so concurrent guesses on any node are all
 * counted and none gets past the limit. What the caller sees depends only on the e-mail, the address
 * and the password, never on whether the account exists: an unknown e-mail is counted, costs a bcrypt
 * compare of the same cost, and gets the same 401 and, later, the same 429. The audit log keeps the
 * real reason.
 */
export async function login(
  deps: { models: Models; sequelize: Sequelize },
  raw: unknown,
  meta: { ip: string | null; userAgent: string | null; policy: LoginPolicy; now: number },
) {
  const input = parseInput(loginInput, raw);
  const { models, sequelize } = deps;
  const { policy, now } = meta;
  const subjects = loginSubjects(input.email, meta.ip);
  const windowMs = policy.lockoutMinutes * 60_000;

  // The account's ceiling counts only attempts its address was still allowed to make: a stranger
  // who has used up their own address's tries adds nothing to it by trying on.
  const pair = await countAttempt(sequelize, subjects.pair, windowMs, now);
  const account = pair.attempts <= policy.maxFailedLogins ? await countAttempt(sequelize, subjects.account, windowMs, now) : null;
  const over: AttemptCount | null = !account ? pair : account.attempts > policy.maxFailedLoginsPerAccount ? account : null;

  const user = await models.User.findOne({ where: { email: input.email } });
  const audit = (action: string, details: Record<string, unknown>) =>
    recordAudit(
      { models, actor: user ? { type: 'user', id: user.id, ip: meta.ip } : { type: 'system' } },
      { action, targetType: 'user', targetId: user?.id ?? null, ip: meta.ip, details },
    );

  if (over) {
    await audit('login.failed', { email: input.email, reason: account ? 'account_ceiling' : 'address_locked', known: Boolean(user), attempts: over.attempts });
    throw tooManyAttempts(over.windowEndsAt - now);
  }
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await unusableHash()));
  if (!user || !ok) {
    const locks = pair.attempts === policy.maxFailedLogins;
    await audit(locks ? 'login.locked' : 'login.failed', { email: input.email, reason: user ? 'wrong_password' : 'unknown_email', attempts: pair.attempts });
    throw invalidCredentials();
  }
  if (!user.is_active) {
    await audit('login.failed', { email: input.email, reason: 'disabled' });
    throw new AppError('account_disabled', 'This account is disabled. Ask an administrator to enable it.', 403);
  }
  // The right password: this address starts afresh, and this attempt was no failure of the account's.
  await clearAttempts(sequelize, subjects.pair);
  await uncountAttempt(sequelize, subjects.account);
  return sequelize.transaction(async (transaction) => {
    const opened = await createSession(models, { userId: user.id, ttlHours: policy.sessionTtlHours, ip: meta.ip, userAgent: meta.userAgent }, transaction);
    await recordAudit({ models, transaction, actor: { type: 'user', id: user.id, ip: meta.ip } }, { action: 'login.succeeded', targetType: 'user', targetId: user.id });
    return { user, ...opened };
  });
}
