import { z } from 'zod';
import { UniqueConstraintError } from 'sequelize';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { appendMessage } from './appendMessage.js';
import { chatClosed, notParticipant } from './errors.js';
import { activeParticipation, loadChatFor, senderName, type Sender } from './senders.js';
import { isInternalNote } from './internalNotes.js';
import { messageDTO } from '../../presenters/realtime.js';

export const sendMessageInput = z.object({
  chatId: z.number().int().positive(),
  clientMsgId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'may hold letters, digits and _ . : - only'),
  body: z.string().trim().min(1, 'must not be empty').max(5000, 'must be at most 5,000 characters'),
  internal: z.boolean().optional(),
});

/**
 * Stores a text message and acknowledges it with its id and sequence number. Idempotent on
 * (chat, clientMsgId): a resend returns the first ack and stores nothing new. Only agents write
 * internal notes, explicitly or with the plan's `@Name ...` form; visitors never see them.
 */
export async function sendMessage(ctx: DomainContext, sender: Sender, raw: z.input<typeof sendMessageInput>) {
  const input = parseInput(sendMessageInput, raw);
  const { models, transaction } = ctx;
  const existing = await models.Message.findOne({ where: { chat_id: input.chatId, client_msg_id: input.clientMsgId }, transaction });
  const chat = await loadChatFor(models, input.chatId, sender, transaction);
  if (existing) return { message: existing, dto: messageDTO(existing, await senderName(models, sender, transaction)), duplicate: true };
  if (chat.status === 'closed') throw chatClosed();
  let internal = false;
  if (sender.type === 'agent') {
    if (!(await activeParticipation(models, chat.id, sender.userId, transaction))) throw notParticipant();
    internal = input.internal === true || (await isInternalNote(models, chat.client_id, input.body, transaction));
  }
  try {
    const result = await appendMessage(ctx, {
      chatId: chat.id,
      clientId: chat.client_id,
      senderType: sender.type,
      senderId: sender.type === 'agent' ? sender.userId : sender.visitorId,
      senderName: await senderName(models, sender, transaction),
      type: 'text',
      body: input.body,
      internal,
      clientMsgId: input.clientMsgId,
    });
    if (sender.type === 'agent' && !internal && !chat.first_response_at) {
      await chat.update({ first_response_at: new Date() }, { transaction });
    }
    return { ...result, duplicate: false };
  } catch (err) {
    // Two copies of one resend raced: the other committed first, so this one is the duplicate.
    if (err instanceof UniqueConstraintError) {
      const first = await models.Message.findOne({ where: { chat_id: input.chatId, client_msg_id: input.clientMsgId } });
      if (first) return { message: first, dto: messageDTO(first, null), duplicate: true };
    }
    throw err;
  }
}
