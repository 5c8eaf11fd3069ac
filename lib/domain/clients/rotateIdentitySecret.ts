import crypto from 'node:crypto';
import type { DomainContext } from '../types.js';
import { recordAudit } from '../audit/recordAudit.js';
import { notFound } from '../../errors.js';

/** A fresh identity secret: 32 random bytes, hex, the form HMAC libraries take as a plain string. */
export const newIdentitySecret = () => crypto.randomBytes(32).toString('hex');

/**
 * Makes (or replaces) a website's identity secret. The old one stops verifying at once: a host site
 * still signing with it gets its users' identify() treated as unverified until it has the new one.
 */
export async function rotateIdentitySecret(ctx: DomainContext, clientId: number) {
  const client = await ctx.models.Client.findByPk(clientId, { transaction: ctx.transaction });
  if (!client) throw notFound('client');
  await client.update({ identity_secret: newIdentitySecret() }, { transaction: ctx.transaction });
  await recordAudit(ctx, { action: 'client.identity_secret_rotated', targetType: 'client', targetId: client.id });
  return client;
}
