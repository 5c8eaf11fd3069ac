import type { Models } from '../db/models/index.js';
import { API_SCOPES, type ApiScope } from '../protocol/apiTokens.js';
import { API_TOKEN_PREFIX, hashTokenSecret } from '../domain/apiTokens/tokenSecret.js';
import type { Caller, Identity } from './identity.js';

/** last_used_at (and an `api_token.used` audit entry) is written at most this often per token: not one write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Whether a bearer credential is an API token (and not a widget's visitor token). */
export const isApiTokenSecret = (secret: string | undefined): secret is string => !!secret?.startsWith(API_TOKEN_PREFIX);

/**
 * The user behind an API token, as an agent identity that carries the token's scopes, or null
 * (unknown, revoked, its user disabled). The user's row is loaded on every request, so a token
 * never outlives its user's rights: the same policies as for the dashboard then decide.
 */
export async function identifyByApiToken(models: Models, secret: string, now: number, ip: string | null = null): Promise<{ identity: Extract<Identity, { kind: 'agent' }>; account: NonNullable<Caller['account']> } | null> {
  const token = await models.ApiToken.findOne({ where: { token_hash: hashTokenSecret(secret) } });
  if (!token || token.revoked_at) return null;
  const user = await models.User.findByPk(token.user_id);
  if (!user?.is_active) return null;
  if (!token.last_used_at || now - new Date(token.last_used_at).getTime() >= LAST_USED_RESOLUTION_MS) {
    await models.ApiToken.update({ last_used_at: new Date(now) }, { where: { id: token.id } });
    await models.AuditLog.create({ actor_type: 'user', actor_id: user.id, action: 'api_token.used', target_type: 'api_token', target_id: token.id, ip, details: { name: token.name } });
  }
  const scopes = (JSON.parse(token.scopes) as string[]).filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s));
  return { identity: { kind: 'agent', userId: user.id, role: user.role, token: { id: token.id, scopes } }, account: { user } };
}
