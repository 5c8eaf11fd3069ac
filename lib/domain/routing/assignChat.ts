import { Op, QueryTypes } from 'sequelize';
import type { DomainContext } from '../types.js';
import { invalid, notFound } from '../../errors.js';
import { notifyUser } from '../chats/notifyUser.js';
import { DEFAULT_MAX_CHATS, OPEN_STATUSES } from './routingRules.js';

export interface AssignChatInput {
  chatId: number;
  agentId: number;
  reason: 'routed' | 'manual';
  /** Manual: the agent the chat may be taken from (it waits, given to someone who has not joined yet). */
  fromAgentId?: number | null;
}

/**
 * Gives a waiting chat to an agent, decided once for the whole cluster: the agent's row is locked
 * (SELECT … FOR UPDATE on MariaDB; SQLite has one writer), their open chats are counted under
 * that lock, and the chat is taken by a conditional UPDATE that only succeeds while it is still
 * waiting and unassigned. Two nodes routing at once therefore never give one chat to two agents,
 * nor an agent more chats than their cap. Routing asks for an online agent; a manual assignment
 * takes any active agent of the website, within the cap too. Returns whether the chat was given.
 * The agent gets the usual `chat_waiting` notification (ring, push) and a `chat.assigned` event.
 */
export async function assignChat(ctx: DomainContext, input: AssignChatInput): Promise<boolean> {
  const { models, transaction } = ctx;
  if (!transaction) throw new Error('assignChat needs a transaction (it locks the agent)');
  const agent = await models.User.findByPk(input.agentId, { transaction, lock: transaction.LOCK.UPDATE });
  const manual = input.reason === 'manual';
  if (!agent || !agent.is_active) {
    if (manual) throw notFound('agent');
    return false;
  }
  if (!manual && agent.status !== 'online') return false;
  const lockClause = models.Chat.sequelize!.getDialect() === 'sqlite' ? '' : ' FOR UPDATE';
  const [{ n }] = await models.Chat.sequelize!.query<{ n: number }>(
    `SELECT COUNT(*) AS n FROM chats WHERE assigned_agent_id = ? AND status IN (${OPEN_STATUSES.map(() => '?').join(', ')})${lockClause}`,
    { replacements: [agent.id, ...OPEN_STATUSES], type: QueryTypes.SELECT, transaction },
  );
  const cap = agent.max_chats ?? DEFAULT_MAX_CHATS;
  if (Number(n) >= cap) {
    if (manual) throw invalid(`${agent.pseudo_name} already has ${cap} open chats, their maximum: choose another agent or raise their maximum.`);
    return false;
  }
  const now = new Date();
  const from = manual && input.fromAgentId ? { [Op.or]: [null, input.fromAgentId] } : null;
  const [taken] = await models.Chat.update(
    { assigned_agent_id: agent.id, assigned_at: now, queued_at: null },
    { where: { id: input.chatId, status: 'waiting', assigned_agent_id: from ?? null }, transaction },
  );
  if (taken === 0) {
    if (manual) throw invalid('Only a waiting chat nobody has joined can be assigned: it was taken or has ended.');
    return false;
  }
  const chat = await models.Chat.findByPk(input.chatId, { transaction });
  if (!chat) throw notFound('chat');
  const last = await models.ClientAgent.findOne({ where: { client_id: chat.client_id }, attributes: ['routing_turn'], order: [['routing_turn', 'DESC']], transaction });
  const turn = (last?.routing_turn ?? 0) + 1;
  await models.ClientAgent.update({ routing_turn: turn }, { where: { client_id: chat.client_id, user_id: agent.id }, transaction });
  ctx.emit({ name: 'chat.assigned', clientId: chat.client_id, chatId: chat.id, agent, reason: input.reason });
  const [client, visitor] = await Promise.all([
    models.Client.findByPk(chat.client_id, { attributes: ['name'], transaction }),
    models.Visitor.findByPk(chat.visitor_id, { attributes: ['id', 'name'], transaction }),
  ]);
  await notifyUser(ctx, agent.id, 'chat_waiting', { chatId: chat.id, clientId: chat.client_id, clientName: client?.name, visitorId: chat.visitor_id, visitorName: visitor?.name ?? null });
  return true;
}
