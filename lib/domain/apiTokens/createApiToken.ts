import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { API_SCOPES } from '../../protocol/apiTokens.js';
import { recordAudit } from '../audit/recordAudit.js';
import { hashTokenSecret, newTokenSecret } from './tokenSecret.js';

export const createApiTokenInput = z.object({
  name: z.string().trim().min(1, 'give the token a name').max(80),
  scopes: z.array(z.enum(API_SCOPES)).min(1, 'choose at least one scope').transform((s) => [...new Set(s)]),
});

/** Makes a token for the user: the row (hash only) and the secret, which is shown this once. */
export async function createApiToken(ctx: DomainContext, userId: number, input: z.output<typeof createApiTokenInput>) {
  const secret = newTokenSecret();
  const token = await ctx.models.ApiToken.create(
    { user_id: userId, name: input.name, scopes: JSON.stringify(input.scopes), token_hash: hashTokenSecret(secret), prefix: secret.slice(0, 12), last_used_at: null, revoked_at: null },
    { transaction: ctx.transaction },
  );
  await recordAudit(ctx, { action: 'api_token.create', targetType: 'api_token', targetId: token.id, details: { name: input.name, scopes: input.scopes } });
  return { token, secret };
}
