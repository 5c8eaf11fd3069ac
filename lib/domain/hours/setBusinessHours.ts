import type { z } from 'zod';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { recordAudit } from '../audit/recordAudit.js';
import { notFound } from '../../errors.js';
import { businessHoursInput } from './businessHoursInput.js';

/**
 * Replaces a website's business hours (the whole form), audited. Every node reads them from the
 * database at each widget session, chat start and routing decision, so they apply at once.
 */
export async function setBusinessHours(ctx: DomainContext, clientId: number, raw: z.input<typeof businessHoursInput>) {
  const hours = parseInput(businessHoursInput, raw);
  const client = await ctx.models.Client.findByPk(clientId, { transaction: ctx.transaction });
  if (!client) throw notFound('client');
  await client.update({ business_hours: hours }, { transaction: ctx.transaction });
  await recordAudit(ctx, { action: 'client.hours_updated', targetType: 'client', targetId: client.id, details: { enabled: hours.enabled, timezone: hours.timezone, outside: hours.outside } });
  return client;
}
