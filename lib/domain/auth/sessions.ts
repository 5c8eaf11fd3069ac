import crypto from 'node:crypto';
import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { Transaction } from 'sequelize';
import type { DomainContext } from '../types.js';

const sha256 = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Opens a session: the raw token goes in the cookie, only its hash is stored. */
export async function createSession(
  models: Models,
  input: { userId: number; ttlHours: number; ip?: string | null; userAgent?: string | null },
  transaction?: Transaction,
) {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const session = await models.Session.create(
    {
      user_id: input.userId,
      token_hash: sha256(token),
      csrf_token: csrfToken,
      ip: input.ip ?? null,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      expires_at: new Date(Date.now() + input.ttlHours * 3600_000),
    },
    { transaction },
  );
  return { token, csrfToken, session };
}

/** The live session and its active user for a cookie token, or null. */
export async function resolveSession(models: Models, token: string | undefined) {
  if (!token || token.length > 100) return null;
  const session = await models.Session.findOne({
    where: { token_hash: sha256(token), expires_at: { [Op.gt]: new Date() } },
    include: [{ model: models.User, as: 'user', where: { is_active: true } }],
  });
  // The include is an inner join on an active user: a session row comes with its user or not at all.
  if (!session?.user) return null;
  return { session, user: session.user };
}

/**
 * The active user behind a session that is still live, by the session's id: what an open socket
 * signed in with is re-checked against (signed out, expired, ended by a password change, or the
 * account disabled all answer null).
 */
export async function liveSessionUser(models: Models, sessionId: number, userId: number): Promise<Pick<InstanceType<Models['User']>, 'id' | 'role' | 'is_active'> | null> {
  const session = await models.Session.findOne({
    where: { id: sessionId, user_id: userId, expires_at: { [Op.gt]: new Date() } },
    attributes: ['id'],
    include: [{ model: models.User, as: 'user', where: { is_active: true }, attributes: ['id', 'role', 'is_active'] }],
  });
  return session?.user ?? null;
}

/** Signs one session out. Its open sockets, on every node, are closed at once (access.changed). */
export async function signOut(ctx: DomainContext, token: string | undefined) {
  if (!token || token.length > 100) return;
  const session = await ctx.models.Session.findOne({ where: { token_hash: sha256(token) }, attributes: ['id', 'user_id'], transaction: ctx.transaction });
  if (!session) return;
  await ctx.models.Session.destroy({ where: { id: session.id }, transaction: ctx.transaction });
  ctx.emit({ name: 'access.changed', scope: 'user', userId: session.user_id, reason: 'signed_out' });
}
