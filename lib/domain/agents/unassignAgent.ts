import type { DomainContext } from '../types.js';
import { recordAudit } from '../audit/recordAudit.js';

/** Takes a client away from an agent. Returns whether an assignment existed. */
export async function unassignAgent(ctx: DomainContext, input: { userId: number; clientId: number }) {
  const removed = await ctx.models.ClientAgent.destroy({ where: { user_id: input.userId, client_id: input.clientId }, transaction: ctx.transaction });
  if (removed > 0) {
    // The agent's open sockets lose that website's channels on every node.
    ctx.emit({ name: 'access.changed', scope: 'user', userId: input.userId, reason: 'agent.unassigned' });
    await recordAudit(ctx, { action: 'agent.unassigned', targetType: 'user', targetId: input.userId, details: { clientId: input.clientId } });
  }
  return removed > 0;
}
