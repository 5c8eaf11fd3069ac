import { z } from 'zod';
import { leadFormInput } from '../domain/chats/startChat.js';
import { SYNC_MAX_CHATS, type ClientFrame } from '../protocol/frames.js';
import { CHAT_PRIORITIES, pageTitle, pageUrl } from '../domain/schemas.js';

const ref = z.string().min(1).max(64);
const chatId = z.number().int().positive();

/** The shape of every frame a client may send; anything else gets an error frame and changes nothing. */
export const clientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), ref, channel: z.string().max(100) }),
  z.object({ type: z.literal('unsubscribe'), ref, channel: z.string().max(100) }),
  z.object({ type: z.literal('sync'), ref, chats: z.record(z.string().regex(/^\d+$/), z.number().int().min(0)).refine((c) => Object.keys(c).length <= SYNC_MAX_CHATS, `at most ${SYNC_MAX_CHATS} chats`) }),
  z.object({ type: z.literal('message.send'), ref, chatId, clientMsgId: z.string().min(1).max(64), body: z.string().max(5000), internal: z.boolean().optional(), replyToId: z.number().int().positive().optional() }),
  z.object({ type: z.literal('message.edit'), ref, chatId, messageId: z.number().int().positive(), clientChangeId: z.string().min(1).max(64), body: z.string().max(5000) }),
  z.object({ type: z.literal('message.delete'), ref, chatId, messageId: z.number().int().positive(), clientChangeId: z.string().min(1).max(64) }),
  z.object({ type: z.literal('message.react'), ref, chatId, messageId: z.number().int().positive(), clientChangeId: z.string().min(1).max(64), emoji: z.string().min(1).max(16) }),
  z.object({ type: z.literal('message.history'), ref, chatId, messageId: z.number().int().positive() }),
  z.object({ type: z.literal('delivered'), ref: ref.optional(), chatId, seq: z.number().int().min(0) }),
  z.object({ type: z.literal('typing'), chatId, isTyping: z.boolean(), draft: z.string().max(5000).optional() }),
  z.object({ type: z.literal('read'), ref: ref.optional(), chatId, seq: z.number().int().min(0) }),
  z.object({ type: z.literal('chat.start'), ref, clientMsgId: z.string().min(1).max(64).optional(), message: z.string().max(5000).optional(), lead: leadFormInput.optional() }),
  z.object({ type: z.literal('chat.join'), ref, chatId }),
  z.object({ type: z.literal('chat.leave'), ref, chatId }),
  z.object({ type: z.literal('chat.transfer'), ref, chatId, toAgentId: z.number().int().positive().optional(), toDepartmentId: z.number().int().positive().optional(), reason: z.string().max(500).optional(), mode: z.enum(['leave', 'stay']) }),
  z.object({ type: z.literal('chat.close'), ref, chatId }),
  z.object({ type: z.literal('chat.priority'), ref, chatId, priority: z.enum(CHAT_PRIORITIES) }),
  z.object({ type: z.literal('chat.reopen'), ref, chatId }),
  z.object({ type: z.literal('status.set'), ref, status: z.enum(['online', 'busy', 'away', 'offline']) }),
  z.object({ type: z.literal('page.view'), url: pageUrl, title: pageTitle.optional() }),
]) satisfies z.ZodType<ClientFrame>;
