import { z } from 'zod';
import { Op } from 'sequelize';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { notFound } from '../../errors.js';
import { activeParticipation } from './senders.js';
import { storeMessage } from './sendMessages.js';
import { clientMsgId } from './messageRules.js';
import { messageBody } from '../schemas.js';

const proactiveInput = z.object({
  visitorId: z.number().int().positive(),
  body: messageBody,
  clientMsgId: clientMsgId.optional(),
});

/**
 * An agent greets a visitor who is browsing ("Start chat" on the live visitors page). The visitor's
 * open chat is used if there is one; otherwise a new active chat with the agent in it. The visitor's
 * sockets are told with `chat.invited` (and follow the chat), then get the greeting as an ordinary
 * message.created from the agent. The caller has checked the agent may write on that website.
 */
export async function startProactiveChat(ctx: DomainContext, userId: number, raw: z.input<typeof proactiveInput>) {
  const input = parseInput(proactiveInput, raw);
  const { models, transaction } = ctx;
  const visitor = await models.Visitor.findByPk(input.visitorId, { transaction });
  if (!visitor) throw notFound('visitor');
  const [client, agent] = await Promise.all([
    models.Client.findByPk(visitor.client_id, { attributes: ['id', 'name'], transaction }),
    models.User.findByPk(userId, { transaction }),
  ]);
  if (!client || !agent) throw notFound('visitor');
  let chat = await models.Chat.findOne({ where: { visitor_id: visitor.id, status: { [Op.in]: ['waiting', 'active'] } }, order: [['id', 'DESC']], transaction });
  const created = !chat;
  if (!chat) {
    const session = await models.VisitorSession.findOne({ where: { visitor_id: visitor.id }, order: [['id', 'DESC']], attributes: ['id', 'current_page'], transaction });
    const last = await models.Chat.findOne({ where: { visitor_id: visitor.id }, order: [['id', 'DESC']], attributes: ['id'], transaction });
    chat = await models.Chat.create(
      { client_id: client.id, visitor_id: visitor.id, visitor_session_id: session?.id ?? null, previous_chat_id: last?.id ?? null, status: 'active', started_at: new Date(), last_message_at: new Date() },
      { transaction },
    );
    ctx.emit({ name: 'chat.created', clientId: client.id, chat, visitor, currentPage: session?.current_page ?? null, clientName: client.name });
  }
  if (!(await activeParticipation(models, chat.id, agent.id, transaction))) {
    await models.ChatParticipant.create({ chat_id: chat.id, user_id: agent.id, joined_at: new Date(), last_read_seq: 0 }, { transaction });
    if (chat.status === 'waiting') await chat.update({ status: 'active' }, { transaction });
    ctx.emit({ name: 'agent.joined', clientId: client.id, chatId: chat.id, agent });
  }
  ctx.emit({ name: 'chat.invited', clientId: client.id, visitorId: visitor.id, chat, agent });
  // The greeting takes the message pipeline: a resend answers with the agent's first message;
  // another sender's clientMsgId is a conflict.
  const { message } = await storeMessage(ctx, {
    sender: { type: 'agent', userId: agent.id },
    chatId: chat.id,
    clientMsgId: input.clientMsgId ?? `proactive-${chat.id}-${Date.now()}`,
    body: input.body,
  });
  return { chat, created, message };
}
