import { z } from 'zod';
import { clientMsgId } from '../../../domain/chats/messageRules.js';

/**
 * The answers of /api/v1, as the OpenAPI document states them. Objects are open (clients must
 * ignore fields they do not know): a field added later breaks no one. The DTOs are lib/protocol's.
 */
const when = z.string().describe('ISO 8601 date and time');
const maybe = <T extends z.ZodType>(t: T) => t.nullable();

export const chatSchema = z.looseObject({
  id: z.number().int(),
  clientId: z.number().int(),
  visitorId: z.number().int(),
  status: z.string(),
  lastSeq: z.number().int(),
  startedAt: maybe(when),
  endedAt: maybe(when),
  assignedAgentId: maybe(z.number().int()),
});

export const messageSchema = z.looseObject({
  id: z.number().int(),
  chatId: z.number().int(),
  seq: z.number().int(),
  senderType: z.string(),
  senderName: maybe(z.string()),
  type: z.enum(['text', 'file', 'system']),
  body: maybe(z.string()),
  internal: z.boolean(),
  createdAt: when,
});

export const historyChatSchema = z.looseObject({
  id: z.number().int(),
  clientId: z.number().int(),
  clientName: z.string(),
  status: z.string(),
  visitor: z.looseObject({ id: z.number().int(), name: maybe(z.string()), email: maybe(z.string()), phone: maybe(z.string()) }),
  startedAt: when,
  endedAt: maybe(when),
  rating: maybe(z.number().int()),
  agents: z.array(z.string()),
  messages: z.number().int(),
  files: z.number().int(),
});

export const visitorSchema = z.looseObject({
  id: z.number().int(),
  clientId: z.number().int(),
  name: maybe(z.string()),
  email: maybe(z.string()),
  phone: maybe(z.string()),
});

export const websiteSchema = z.looseObject({ id: z.number().int(), name: z.string(), domains: z.array(z.string()), isActive: z.boolean() });

export const agentSchema = z.looseObject({ id: z.number().int(), email: z.string(), pseudoName: z.string(), role: z.string(), isActive: z.boolean() });

export const reportFiguresSchema = z.looseObject({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  overview: z.looseObject({ chats: z.number().int() }),
  perDay: z.array(z.looseObject({ day: z.string(), chats: z.number().int(), missed: z.number().int() })),
  byWebsite: z.array(z.looseObject({ clientId: z.number().int(), name: z.string() })),
});

/** Every error of the API, whatever the status. */
export const errorSchema = z.object({
  error: z.looseObject({ code: z.string().describe('stable, for programs: not_found, validation_failed, rate_limited…'), message: z.string().describe('for people') }),
});

export const sendMessageBody = z.object({
  body: z.string().trim().min(1, 'must not be empty').max(5000),
  /** The caller's own id for this message: sending it again with the same id stores it once. */
  clientMsgId: clientMsgId.optional(),
});
