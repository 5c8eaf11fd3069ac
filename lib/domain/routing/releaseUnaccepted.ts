import type { DomainContext } from '../types.js';

/**
 * The hand-off timeout: a chat routing gave to an agent who has not joined it is taken back (the
 * agent joins the chat's "let it pass" list) so that routing offers it to the next agent. A
 * conditional UPDATE, so a chat joined meanwhile, or released by another node, is left alone.
 */
export async function releaseUnaccepted(ctx: DomainContext, input: { chatId: number; agentId: number }): Promise<boolean> {
  const { models, transaction } = ctx;
  const chat = await models.Chat.findByPk(input.chatId, { transaction });
  if (!chat || chat.status !== 'waiting' || chat.assigned_agent_id !== input.agentId) return false;
  const passed = [...new Set([...(chat.routing_passed ?? []), input.agentId])];
  const [released] = await models.Chat.update(
    { assigned_agent_id: null, assigned_at: null, routing_passed: passed },
    { where: { id: chat.id, status: 'waiting', assigned_agent_id: input.agentId }, transaction },
  );
  if (released === 0) return false;
  ctx.emit({ name: 'chat.assigned', clientId: chat.client_id, chatId: chat.id, agent: null, reason: 'timeout' });
  return true;
}
