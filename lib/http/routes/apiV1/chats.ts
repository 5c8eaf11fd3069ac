import { z } from 'zod';
import { visibleClientIds } from '../../../policies/index.js';
import { subjectOf, agentOf } from '../../../identity/identity.js';
import { historyPageQuery } from '../../../domain/history/historyQuery.js';
import { listHistory } from '../../../domain/history/listHistory.js';
import { listMessages, listMessagesInput } from '../../../domain/chats/listMessages.js';
import { replyToChat } from '../../../domain/chats/replyToChat.js';
import { closeChat } from '../../../domain/chats/closeChat.js';
import { presentChat, presentMessage } from '../../../presenters/index.js';
import { id } from '../../../domain/schemas.js';
import { route } from '../../route.js';
import { chatSchema, historyChatSchema, messageSchema, sendMessageBody } from './schemas.js';
import { apiRateLimit } from './rateLimit.js';

const byChat = z.object({ chatId: id });
type Reply = Awaited<ReturnType<typeof replyToChat>>;

/** The chat history with its filters (the dashboard's History page), newest first; `next` is the cursor of the next page. */
const listChatsRoute = route({
  method: 'get',
  path: '/api/v1/chats',
  permission: 'signed.in',
  scope: 'chats:read',
  before: apiRateLimit,
  input: { query: historyPageQuery },
  doc: { tag: 'Chats', summary: 'List chats with the history filters, a page at a time (cursor: `next`)', output: z.object({ chats: z.array(historyChatSchema), next: z.string().nullable() }) },
  run: async (ctx, { query }) => {
    const user = subjectOf(ctx.caller)!;
    return listHistory(ctx.domain.models, await visibleClientIds(ctx.domain.models, user), user.id, query);
  },
  present: (page) => page,
});

/** A chat with its messages in seq order, a page at a time: `afterSeq` the last seq seen. */
const getChatRoute = route({
  method: 'get',
  path: '/api/v1/chats/:chatId',
  permission: 'chat.visible',
  scope: 'chats:read',
  before: apiRateLimit,
  input: { params: byChat, query: listMessagesInput },
  doc: { tag: 'Chats', summary: 'Read a chat and its messages (after `afterSeq`)', output: z.object({ chat: chatSchema, messages: z.array(messageSchema) }) },
  run: async (ctx, { query }) => ({ chat: ctx.grant, page: await listMessages(ctx.domain.models, ctx.grant.id, query) }),
  present: ({ chat, page }) => ({ chat: presentChat(chat), messages: page.messages.map((m) => presentMessage(m, page.nameOf(m))) }),
});

const sendMessageRoute = route({
  method: 'post',
  path: '/api/v1/chats/:chatId/messages',
  permission: 'chat.write',
  scope: 'messages:write',
  before: apiRateLimit,
  input: { params: byChat, body: sendMessageBody },
  status: (result: Reply) => (result.duplicate ? 200 : 201),
  doc: { tag: 'Chats', summary: "Send a message as the token's user (who joins the chat first if they have not)", output: z.object({ message: messageSchema, duplicate: z.boolean() }) },
  run: (ctx, { params, body }) => replyToChat(ctx.domain, agentOf(ctx.caller).userId, { chatId: params.chatId, body: body.body, clientMsgId: body.clientMsgId }),
  present: (result: Reply) => ({ message: presentMessage(result.message, result.senderName), duplicate: result.duplicate }),
});

const closeChatRoute = route({
  method: 'post',
  path: '/api/v1/chats/:chatId/close',
  permission: 'chat.close',
  scope: 'messages:write',
  before: apiRateLimit,
  input: { params: byChat },
  doc: { tag: 'Chats', summary: 'Close a chat (closing a closed chat changes nothing: `closed` false)', output: z.object({ chat: chatSchema, closed: z.boolean() }) },
  run: async (ctx, { params }) => closeChat(ctx.domain, { chatId: params.chatId, endedBy: 'agent', byName: ctx.caller.account!.user.pseudo_name }),
  present: ({ chat, closed }) => ({ chat: presentChat(chat), closed }),
});

export const apiV1ChatRoutes = [listChatsRoute, getChatRoute, sendMessageRoute, closeChatRoute];
