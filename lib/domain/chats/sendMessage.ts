import { z } from 'zod';
import { UniqueConstraintError } from 'sequelize';
import type { DomainContext } from '../types.js';
import type { Models } from '../../db/models/index.js';
import { parseInput } from '../validate.js';
import { notFound } from '../../errors.js';
import { appendMessage } from './appendMessage.js';
import { chatClosed, notParticipant } from './errors.js';
import type { Sender } from './senders.js';
import { isInternalNote } from './internalNotes.js';
import { messageDTO } from '../../presenters/realtime.js';
import { findOwnResend } from './resends.js';
import { messageBody } from '../schemas.js';

export const sendMessageInput = z.object({
  chatId: z.number().int().positive(),
  clientMsgId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'may hold letters, digits and _ . : - only'),
  body: messageBody,
  internal: z.boolean().optional(),
});

/** A resend of a message already stored: the caller answers with the first ack (see findSentMessage). */
export class DuplicateMessage extends Error {
  constructor(
    readonly chatId: number,
    readonly clientMsgId: string,
    readonly sender: Sender,
  ) {
    super('duplicate clientMsgId');
  }
}

/**
 * The message this sender already stored under this clientMsgId, as an ack, or null; another
 * sender's message under it is refused (client_msg_id_taken), never returned.
 */
export async function findSentMessage(models: Models, chatId: number, clientMsgId: string, sender: Sender) {
  const message = await findOwnResend(models, chatId, clientMsgId, sender);
  return message ? { message, dto: messageDTO(message, null), duplicate: true as const } : null;
}

/**
 * Stores a text message with the chat's next sequence number; the caller acks after the commit.
 * Idempotent on (chat, clientMsgId): the unique index refuses a second copy, the whole
 * transaction rolls back (no gap in seq), and DuplicateMessage tells the caller to answer with
 * the first ack. Only agents write internal notes, explicitly or with the plan's `@Name ...`.
 * The message path is the hot path: a visitor's send is one read, one update and one insert.
 */
export async function sendMessage(ctx: DomainContext, sender: Sender, raw: z.input<typeof sendMessageInput>) {
  const input = parseInput(sendMessageInput, raw);
  const { models, transaction } = ctx;
  const chat = await models.Chat.findByPk(input.chatId, {
    attributes: ['id', 'client_id', 'visitor_id', 'status', 'first_response_at'],
    include: sender.type === 'visitor' ? [{ model: models.Visitor, as: 'visitor', attributes: ['name'] }] : [],
    transaction,
  });
  if (!chat || (sender.type === 'visitor' && chat.visitor_id !== sender.visitorId)) throw notFound('chat');
  if (chat.status === 'closed') {
    if (await models.Message.count({ where: { chat_id: chat.id, client_msg_id: input.clientMsgId }, transaction })) throw new DuplicateMessage(chat.id, input.clientMsgId, sender);
    throw chatClosed();
  }
  let internal = false;
  let name: string | null;
  if (sender.type === 'agent') {
    const participation = await models.ChatParticipant.findOne({
      where: { chat_id: chat.id, user_id: sender.userId, left_at: null },
      include: [{ model: models.User, as: 'user', attributes: ['pseudo_name'] }],
      transaction,
    });
    if (!participation) throw notParticipant();
    name = (participation as unknown as { user: { pseudo_name: string } }).user.pseudo_name;
    internal = input.internal === true || (await isInternalNote(models, chat.client_id, input.body, transaction));
  } else {
    name = (chat as unknown as { visitor: { name: string | null } }).visitor?.name ?? null;
  }
  try {
    const result = await appendMessage(ctx, {
      chatId: chat.id,
      clientId: chat.client_id,
      senderType: sender.type,
      senderId: sender.type === 'agent' ? sender.userId : sender.visitorId,
      senderName: name,
      type: 'text',
      body: input.body,
      internal,
      clientMsgId: input.clientMsgId,
    });
    if (sender.type === 'agent' && !internal && !chat.first_response_at) {
      await models.Chat.update({ first_response_at: new Date() }, { where: { id: chat.id }, transaction });
    }
    return { ...result, duplicate: false };
  } catch (err) {
    if (err instanceof UniqueConstraintError) throw new DuplicateMessage(chat.id, input.clientMsgId, sender);
    throw err;
  }
}
