import type { DomainContext } from '../types.js';
import { notFound } from '../../errors.js';
import type { TriggerAction } from '../../protocol/triggers.js';

/** Finds a website's trigger: another website's id is a 404, as a missing one. */
export async function findTrigger(ctx: DomainContext, clientId: number, triggerId: number) {
  const row = await ctx.models.Trigger.findByPk(triggerId, { transaction: ctx.transaction });
  if (!row || row.client_id !== clientId) throw notFound('trigger');
  return row;
}

/** A greeting sent as an agent: one who works on that website (another website's agent: 404). */
export async function checkSender(ctx: DomainContext, clientId: number, action: TriggerAction | undefined) {
  if (!action?.agentId) return;
  const assigned = await ctx.models.ClientAgent.findOne({ where: { client_id: clientId, user_id: action.agentId }, attributes: ['id'], transaction: ctx.transaction });
  if (!assigned) throw notFound('agent');
}

