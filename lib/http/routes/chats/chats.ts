import { z } from 'zod';
import { visibleClientIds } from '../../../policies/index.js';
import { presentChat, presentMessage } from '../../../presenters/index.js';
import { id } from '../../../domain/schemas.js';
import { listChats, listChatsInput } from '../../../domain/chats/listChats.js';
import { listMessages, listMessagesInput } from '../../../domain/chats/listMessages.js';
import { chatContext } from '../../../domain/chats/chatContext.js';
import { presentChatContext } from '../../../presenters/chats.js';
import { messageAnalysisDTO } from '../../../presenters/ai.js';
import { agentOf, subjectOf } from '../../../identity/identity.js';
import { route } from '../../route.js';

const byChat = z.object({ chatId: id });

/** Chats of the websites the user works on, 50 a page, newest activity first. */
const listChatsRoute = route({
  method: 'get',
  path: '/api/chats',
  permission: 'signed.in',
  input: { query: listChatsInput },
  run: async (ctx, { query }) => ({ chats: await listChats(ctx.domain.models, await visibleClientIds(ctx.domain.models, subjectOf(ctx.caller)!), query), page: query.page }),
  present: ({ chats, page }) => ({ chats: chats.map(presentChat), page }),
});

/** One chat: the policy has found it (or answered 404). */
const getChatRoute = route({
  method: 'get',
  path: '/api/chats/:chatId',
  permission: 'chat.visible',
  input: { params: byChat },
  run: async (ctx) => ctx.grant,
  present: (chat) => ({ chat: presentChat(chat) }),
});

const listMessagesRoute = route({
  method: 'get',
  path: '/api/chats/:chatId/messages',
  permission: 'chat.visible',
  input: { params: byChat, query: listMessagesInput },
  run: (ctx, { query }) => listMessages(ctx.domain.models, ctx.grant.id, query),
  present: ({ messages, nameOf, analyses }) => ({ messages: messages.map((m) => presentMessage(m, nameOf(m))), analyses: analyses.map(messageAnalysisDTO) }),
});

/** A chat's side panel: its visitor, their visit and pages, earlier chats. */
const chatContextRoute = route({
  method: 'get',
  path: '/api/chats/:chatId/context',
  permission: 'chat.visible',
  input: { params: byChat },
  run: (ctx) => chatContext(ctx.domain.models, agentOf(ctx.caller).userId, ctx.grant),
  present: presentChatContext,
});

export const chatRoutes = [listChatsRoute, getChatRoute, listMessagesRoute, chatContextRoute];
