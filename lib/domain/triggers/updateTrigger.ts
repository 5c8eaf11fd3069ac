import type { z } from 'zod';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { recordAudit } from '../audit/recordAudit.js';
import { triggerPatch } from './triggerInput.js';
import { checkSender, findTrigger } from './findTrigger.js';

/** Changes some fields of a website's trigger (audited, with the names of the fields changed). */
export async function updateTrigger(ctx: DomainContext, clientId: number, triggerId: number, raw: z.input<typeof triggerPatch>) {
  const input = parseInput(triggerPatch, raw);
  const row = await findTrigger(ctx, clientId, triggerId);
  await checkSender(ctx, clientId, input.action);
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    ...(input.priority !== undefined ? { priority: input.priority } : {}),
    ...(input.conditions !== undefined ? { conditions: input.conditions } : {}),
    ...(input.action !== undefined ? { action: input.action } : {}),
    ...(input.frequencyDays !== undefined ? { frequency_days: input.frequencyDays } : {}),
  };
  await row.update(changes, { transaction: ctx.transaction });
  await recordAudit(ctx, { action: 'trigger.updated', targetType: 'trigger', targetId: row.id, details: { clientId, fields: Object.keys(changes) } });
  return row;
}

