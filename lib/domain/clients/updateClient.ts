import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { domain, singleLineText, widgetSettings } from '../schemas.js';
import { recordAudit } from '../audit/recordAudit.js';
import { notFound } from '../../errors.js';

export const updateClientInput = z
  .object({
    name: singleLineText.pipe(z.string().trim().min(1).max(120)),
    domains: z.array(domain).min(1, 'give at least one domain').max(50),
    widgetSettings: widgetSettings.partial(),
    /** What the widget shows as the header's picture: an https:// URL or a path on livechat (anything else would not be shown). */
    logo: z.string().trim().max(255).regex(/^(https:\/\/\S+|\/\S*)$/, 'must be an https:// URL or a path on livechat starting with /').nullable(),
    isActive: z.boolean(),
  })
  .partial()
  .strict();

/** Edits a website: name, domains, widget settings (merged key by key), logo, enabled or disabled. */
export async function updateClient(ctx: DomainContext, clientId: number, raw: z.input<typeof updateClientInput>) {
  const input = parseInput(updateClientInput, raw);
  const client = await ctx.models.Client.findByPk(clientId, { transaction: ctx.transaction });
  if (!client) throw notFound('client');
  const changes: Record<string, unknown> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.domains !== undefined) changes.domains = [...new Set(input.domains)];
  if (input.widgetSettings !== undefined) changes.widget_settings = { ...client.widget_settings, ...input.widgetSettings };
  if (input.logo !== undefined) changes.logo = input.logo;
  if (input.isActive !== undefined) changes.is_active = input.isActive;
  await client.update(changes, { transaction: ctx.transaction });
  // A disabled website's widgets stop at once: every node closes its visitors' connections.
  if (input.isActive === false) ctx.emit({ name: 'access.changed', scope: 'client', clientId: client.id, reason: 'client.disabled' });
  const action = input.isActive === false ? 'client.disabled' : input.isActive === true ? 'client.enabled' : 'client.updated';
  await recordAudit(ctx, { action, targetType: 'client', targetId: client.id, details: { fields: Object.keys(changes) } });
  return client;
}
