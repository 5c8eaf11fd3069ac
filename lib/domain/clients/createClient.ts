import crypto from 'node:crypto';
import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { domain, singleLineText, widgetSettings, DEFAULT_WIDGET_SETTINGS } from '../schemas.js';
import { recordAudit } from '../audit/recordAudit.js';
import { newIdentitySecret } from './rotateIdentitySecret.js';

export const createClientInput = z.object({
  name: singleLineText.pipe(z.string().trim().min(1, 'must not be empty').max(120)),
  domains: z.array(domain).min(1, 'give at least one domain the widget may run on').max(50),
  widgetSettings: widgetSettings.partial().optional(),
});

/**
 * A widget key: public (it is in the snippet), random, URL-safe. Never with a leading '-': the
 * command line would read `livechat client update -Zx…` as an unknown option (1 key in 64 did).
 */
export function newWidgetKey(): string {
  for (;;) {
    const key = crypto.randomBytes(18).toString('base64url');
    if (!key.startsWith('-')) return key;
  }
}

/** Adds a website: its widget key, allowed domains and widget settings (defaults filled in). */
export async function createClient(ctx: DomainContext, raw: z.input<typeof createClientInput>) {
  const input = parseInput(createClientInput, raw);
  const client = await ctx.models.Client.create(
    {
      name: input.name,
      widget_key: newWidgetKey(),
      domains: [...new Set(input.domains)],
      widget_settings: { ...DEFAULT_WIDGET_SETTINGS, ...input.widgetSettings },
      is_active: true,
      identity_secret: newIdentitySecret(),
    },
    { transaction: ctx.transaction },
  );
  await recordAudit(ctx, { action: 'client.created', targetType: 'client', targetId: client.id, details: { name: client.name } });
  return client;
}
