import crypto from 'node:crypto';
import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { Transaction } from 'sequelize';

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
  if (!session) return null;
  const user = (session as unknown as { user: InstanceType<Models['User']> }).user;
  return { session, user };
}

export async function destroySession(models: Models, token: string | undefined) {
  if (!token) return;
  await models.Session.destroy({ where: { token_hash: sha256(token) } });
}
