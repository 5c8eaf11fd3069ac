import { Op } from 'sequelize';
import type { DomainContext } from '../types.js';
import type { ChatRow } from '../../db/models/chat.js';
import type { VisitorRow } from '../../db/models/visitor.js';
import { notifyUser } from './notifyUser.js';

/**
 * The plan's "new visitor alert": every active agent assigned to the website gets a notification
 * (bell, desktop, push); nobody else does. A waiting chat rings; an offline one is a message to answer later.
 */
export async function notifyNewChat(ctx: DomainContext, chat: Pick<ChatRow, 'id' | 'client_id' | 'status'>, visitor: Pick<VisitorRow, 'id' | 'name'>, clientName: string) {
  const { models, transaction } = ctx;
  const rows = await models.ClientAgent.findAll({ where: { client_id: chat.client_id }, attributes: ['user_id'], transaction });
  if (rows.length === 0) return;
  const agents = await models.User.findAll({
    where: { id: { [Op.in]: rows.map((r) => r.user_id) }, is_active: true, role: 'agent' },
    attributes: ['id'],
    transaction,
  });
  const type = chat.status === 'offline' ? 'offline_message' : 'chat_waiting';
  for (const agent of agents) {
    await notifyUser(ctx, agent.id, type, { chatId: chat.id, clientId: chat.client_id, clientName, visitorId: visitor.id, visitorName: visitor.name });
  }
}
