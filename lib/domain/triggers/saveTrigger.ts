import type { z } from 'zod';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { notFound } from '../../errors.js';
import { recordAudit } from '../audit/recordAudit.js';
import { triggerInput, triggerPatch } from './triggerInput.js';
import type { TriggerAction } from '../../protocol/triggers.js';

/** A greeting sent as an agent: one who works on that website (another website's agent: 404). */
async function checkSender(ctx: DomainContext, clientId: number, action: TriggerAction | undefined) {
  if (!action?.agentId) return;
  const assigned = await ctx.models.ClientAgent.findOne({ where: { client_id: clientId, user_id: action.agentId }, attributes: ['id'], transaction: ctx.transaction });
  if (!assigned) throw notFound('agent');
}

/** Finds a website's trigger: another website's id is a 404, as a missing one. */
export async function findTrigger(ctx: DomainContext, clientId: number, triggerId: number) {
  const row = await ctx.models.Trigger.findByPk(triggerId, { transaction: ctx.transaction });
  if (!row || row.client_id !== clientId) throw notFound('trigger');
  return row;
}

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

/** Removes a website's trigger and its shows (audited). */
export async function deleteTrigger(ctx: DomainContext, clientId: number, triggerId: number) {
  const row = await findTrigger(ctx, clientId, triggerId);
  await ctx.models.TriggerShow.destroy({ where: { trigger_id: row.id }, transaction: ctx.transaction });
  await row.destroy({ transaction: ctx.transaction });
  await recordAudit(ctx, { action: 'trigger.deleted', targetType: 'trigger', targetId: row.id, details: { clientId, name: row.name } });
}
