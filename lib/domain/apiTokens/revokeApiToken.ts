import type { DomainContext } from '../types.js';
import { notFound } from '../../errors.js';
import { recordAudit } from '../audit/recordAudit.js';

/** Revokes one of the user's own tokens (another user's is not found); revoking twice changes nothing. */
export async function revokeApiToken(ctx: DomainContext, userId: number, tokenId: number, now: Date) {
  const token = await ctx.models.ApiToken.findOne({ where: { id: tokenId, user_id: userId }, transaction: ctx.transaction });
  if (!token) throw notFound('API token');
  if (!token.revoked_at) {
    await token.update({ revoked_at: now }, { transaction: ctx.transaction });
    await recordAudit(ctx, { action: 'api_token.revoke', targetType: 'api_token', targetId: token.id, details: { name: token.name } });
  }
  return token;
}
