import type { DomainContext } from '../types.js';
import type { AgentStatus } from '../../db/models/user.js';
import { notFound } from '../../errors.js';

/** online / away / offline, with last_seen_at; announced to the agent's websites. */
export async function setAgentStatus(ctx: DomainContext, input: { userId: number; status: AgentStatus }) {
  const { models, transaction } = ctx;
  const user = await models.User.findByPk(input.userId, { transaction });
  if (!user) throw notFound('agent');
  const changed = user.status !== input.status;
  await user.update({ status: input.status, last_seen_at: new Date() }, { transaction });
  if (changed) {
    const rows = await models.ClientAgent.findAll({ where: { user_id: user.id }, attributes: ['client_id'], transaction });
    ctx.emit({ name: 'agent.status', agentId: user.id, status: input.status, clientIds: rows.map((r) => r.client_id) });
  }
  return { user, changed };
}
