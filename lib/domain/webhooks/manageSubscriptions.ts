import crypto from 'node:crypto';
import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { invalid, notFound } from '../../errors.js';
import { recordAudit } from '../audit/recordAudit.js';
import { WEBHOOK_EVENT_TYPES } from '../../protocol/webhooks.js';

const webhookUrl = z
  .string()
  .trim()
  .max(2048)
  .url('must be a URL')
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http:// or https:// URL');
const events = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, 'name at least one event').transform((list) => [...new Set(list)]);

export const createWebhookInput = z.object({
  url: webhookUrl,
  events,
  /** null or absent: every website. */
  websiteId: z.number().int().positive().nullable().optional(),
});

export const updateWebhookInput = z.object({
  url: webhookUrl.optional(),
  events: events.optional(),
  /** true enables a disabled subscription again (its pending deliveries go out); false disables it. */
  enabled: z.boolean().optional(),
  /** A new secret, shown once in the answer. */
  rotateSecret: z.boolean().optional(),
});

const newSecret = () => `whsec_${crypto.randomBytes(24).toString('base64url')}`;

/** A super admin subscribes a URL to events of one website or of all; the secret is made here and shown once. */
export async function createWebhook(ctx: DomainContext, input: z.output<typeof createWebhookInput>) {
  const { models, transaction } = ctx;
  if (input.websiteId && !(await models.Client.findByPk(input.websiteId, { attributes: ['id'], transaction }))) throw invalid('websiteId: no website has that id.');
  const row = await models.WebhookSubscription.create({ client_id: input.websiteId ?? null, url: input.url, events: JSON.stringify(input.events), secret: newSecret() }, { transaction });
  await recordAudit(ctx, { action: 'webhook.created', targetType: 'webhook', targetId: row.id, details: { url: row.url, events: input.events, websiteId: row.client_id } });
  return row;
}

export async function findWebhook(ctx: Pick<DomainContext, 'models' | 'transaction'>, id: number) {
  const row = await ctx.models.WebhookSubscription.findByPk(id, { transaction: ctx.transaction });
  if (!row) throw notFound('webhook');
  return row;
}

export async function updateWebhook(ctx: DomainContext, id: number, input: z.output<typeof updateWebhookInput>) {
  const row = await findWebhook(ctx, id);
  const enabled = input.enabled === undefined ? {} : input.enabled ? { disabled_at: null, failing_since: null } : { disabled_at: row.disabled_at ?? new Date() };
  await row.update(
    {
      ...(input.url ? { url: input.url } : {}),
      ...(input.events ? { events: JSON.stringify(input.events) } : {}),
      ...(input.rotateSecret ? { secret: newSecret() } : {}),
      ...enabled,
    },
    { transaction: ctx.transaction },
  );
  await recordAudit(ctx, { action: 'webhook.updated', targetType: 'webhook', targetId: row.id, details: { url: input.url, events: input.events, enabled: input.enabled, rotatedSecret: input.rotateSecret ?? false } });
  return row;
}

/** Deleting a subscription deletes its delivery log and what was still to be sent. */
export async function deleteWebhook(ctx: DomainContext, id: number) {
  const row = await findWebhook(ctx, id);
  await ctx.models.WebhookDelivery.destroy({ where: { subscription_id: row.id }, transaction: ctx.transaction });
  await row.destroy({ transaction: ctx.transaction });
  await recordAudit(ctx, { action: 'webhook.deleted', targetType: 'webhook', targetId: id, details: { url: row.url } });
  return { id };
}
