import type { DomainContext } from '../types.js';
import { recordAudit } from '../audit/recordAudit.js';
import { invalid, notFound } from '../../errors.js';

/** Lets an agent answer one client's visitors. Assigning twice is harmless. */
export async function assignAgent(ctx: DomainContext, input: { userId: number; clientId: number }) {
  const { models, transaction } = ctx;
  const [user, client] = await Promise.all([
    models.User.findByPk(input.userId, { transaction }),
    models.Client.findByPk(input.clientId, { transaction }),
  ]);
  if (!user) throw notFound('agent');
  if (!client) throw notFound('client');
  if (user.role !== 'agent') throw invalid(`${user.email} is a ${user.role}: only agents are assigned to clients (the other roles see every client).`);
  const [, created] = await models.ClientAgent.findOrCreate({
    where: { user_id: user.id, client_id: client.id },
    defaults: { user_id: user.id, client_id: client.id, assigned_at: new Date() },
    transaction,
  });
  if (created) await recordAudit(ctx, { action: 'agent.assigned', targetType: 'user', targetId: user.id, details: { clientId: client.id } });
  return created;
}
