import type { z } from 'zod';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { notFound } from '../../errors.js';
import { recordAudit } from '../audit/recordAudit.js';
import { triggerInput } from './triggerInput.js';
import { checkSender } from './findTrigger.js';

/** Adds a rule to a website's triggers (audited). */
export async function createTrigger(ctx: DomainContext, clientId: number, raw: z.input<typeof triggerInput>) {
  const input = parseInput(triggerInput, raw);
  if (!(await ctx.models.Client.findByPk(clientId, { attributes: ['id'], transaction: ctx.transaction }))) throw notFound('client');
  await checkSender(ctx, clientId, input.action);
  const row = await ctx.models.Trigger.create(
    { client_id: clientId, name: input.name, enabled: input.enabled, priority: input.priority, conditions: input.conditions, action: input.action, frequency_days: input.frequencyDays },
    { transaction: ctx.transaction },
  );
  await recordAudit(ctx, { action: 'trigger.created', targetType: 'trigger', targetId: row.id, details: { clientId, name: row.name } });
  return row;
}

