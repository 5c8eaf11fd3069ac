import { Op } from 'sequelize';
import type { DomainContext } from '../types.js';
import { appendSystemMessage } from '../chats/systemMessage.js';
import { notifyUser } from '../chats/notifyUser.js';

/** How an assistant's line reads in the chat: its name, marked as automated, then what it says. */
export const assistantLine = (name: string, text: string) => `${name} (automated): ${text}`;

/** The assistant answers the visitor in the chat (a system line under its name, marked automated). */
export async function assistantReply(ctx: DomainContext, chatId: number, name: string, text: string) {
  return appendSystemMessage(ctx, { id: chatId }, assistantLine(name, text));
}

/**
 * The visitor wants a person: the assistant says it hands over, the chat stays with the agents
 * (waiting, or offline to answer later, as routing made it) and every active agent of the website
 * is told, with a short summary of what the visitor asked. Nothing of the conversation is dropped.
 */
export async function escalateToHuman(ctx: DomainContext, chatId: number, name: string, summary: string) {
  const { models, transaction } = ctx;
  const chat = await models.Chat.findByPk(chatId, { transaction, include: [{ model: models.Visitor, as: 'visitor' }] });
  if (!chat || chat.status === 'closed') return false;
  const later = chat.status === 'offline';
  await assistantReply(ctx, chatId, name, later ? 'I am passing your request to our team: a person will answer here as soon as one is available.' : 'I am passing you to a person: an agent will answer here shortly.');
  const assigned = await models.ClientAgent.findAll({ where: { client_id: chat.client_id }, attributes: ['user_id'], transaction });
  const agents = assigned.length
    ? await models.User.findAll({ where: { id: { [Op.in]: assigned.map((r) => r.user_id) }, is_active: true, role: 'agent' }, attributes: ['id'], transaction })
    : [];
  const visitor = (chat as unknown as { visitor?: { id: number; name: string | null } }).visitor;
  for (const agent of agents) {
    await notifyUser(ctx, agent.id, 'chat_escalated', { chatId, clientId: chat.client_id, visitorId: visitor?.id, visitorName: visitor?.name ?? null, summary });
  }
  return true;
}
