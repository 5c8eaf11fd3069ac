import { startChat } from '../../domain/chats/startChat.js';
import { joinChat } from '../../domain/chats/joinChat.js';
import { leaveChat } from '../../domain/chats/leaveChat.js';
import { transferChat } from '../../domain/chats/transferChat.js';
import { closeChat } from '../../domain/chats/closeChat.js';
import { setChatPriority } from '../../domain/chats/setChatPriority.js';
import { reopenChat } from '../../domain/chats/reopenChat.js';
import { transferToDepartment } from '../../domain/routing/transferToDepartment.js';
import { invalid } from '../../errors.js';
import { agentOf, visitorOf } from '../../identity/identity.js';
import { channels } from '../../protocol/events.js';
import { chatDTO } from '../../presenters/realtime.js';
import { frame } from '../frame.js';

/** A visitor opens (or gets back) their chat; once it is committed, the socket follows it. */
export const startChatFrame = frame({
  type: 'chat.start',
  permission: 'chat.start',
  run: async (ctx, f) => {
    const result = await startChat(ctx.domain, visitorOf(ctx.caller).visitorId, { lead: f.lead, message: f.message, clientMsgId: f.clientMsgId }, { reopenWindowMinutes: ctx.env.deps.config.chat.reopenWindowMinutes, ip: ctx.caller.ip, now: new Date(ctx.env.deps.clock.now()) });
    ctx.onCommit(() => ctx.env.deps.hub.subscribe(ctx.env.conn, channels.chat(result.chat.id)));
    return result;
  },
  present: (result) => ({
    chat: chatDTO(result.chat),
    created: result.created,
    ...(result.message ? { message: { id: result.message.message.id, seq: result.message.message.seq, duplicate: result.message.duplicate } } : {}),
  }),
});

export const joinChatFrame = frame({
  type: 'chat.join',
  permission: 'chat.handle',
  run: async (ctx, f) => {
    const result = await joinChat(ctx.domain, { chatId: f.chatId, userId: agentOf(ctx.caller).userId });
    ctx.onCommit(() => ctx.env.deps.hub.subscribe(ctx.env.conn, channels.chat(f.chatId)));
    return result;
  },
  present: (result) => ({ chat: chatDTO(result.chat), joined: result.joined }),
});

export const leaveChatFrame = frame({
  type: 'chat.leave',
  permission: 'chat.handle',
  run: ({ domain, caller }, f) => leaveChat(domain, { chatId: f.chatId, userId: agentOf(caller).userId }),
  present: (result) => ({ left: result.left }),
});

export const transferChatFrame = frame({
  type: 'chat.transfer',
  permission: 'chat.handle',
  run: async ({ domain, caller }, f) => {
    const userId = agentOf(caller).userId;
    if (f.toDepartmentId !== undefined && f.toAgentId === undefined) {
      return { ...(await transferToDepartment(domain, userId, { chatId: f.chatId, departmentId: f.toDepartmentId, mode: f.mode })), to: null };
    }
    if (f.toAgentId === undefined || f.toDepartmentId !== undefined) throw invalid('Name either the agent (toAgentId) or the department (toDepartmentId) the chat goes to.');
    return transferChat(domain, userId, { chatId: f.chatId, toAgentId: f.toAgentId, reason: f.reason, mode: f.mode });
  },
  present: (result) => ({ chat: chatDTO(result.chat), toAgentId: result.to?.id ?? null }),
});

export const closeChatFrame = frame({
  type: 'chat.close',
  permission: 'chat.close',
  run: async ({ domain, caller }, f) => {
    const id = caller.identity!;
    const byName = id.kind === 'agent' ? ((await domain.models.User.findByPk(id.userId, { attributes: ['pseudo_name'], transaction: domain.transaction }))?.pseudo_name ?? null) : null;
    return closeChat(domain, { chatId: f.chatId, endedBy: id.kind === 'visitor' ? 'visitor' : 'agent', byName });
  },
  present: (result) => ({ chat: chatDTO(result.chat), closed: result.closed }),
});

/** How pressing a chat is: any agent of its website (not a manager, who only reads). */
export const chatPriorityFrame = frame({
  type: 'chat.priority',
  permission: 'chat.handle',
  run: ({ domain }, f) => setChatPriority(domain, { chatId: f.chatId, priority: f.priority }),
  present: (chat) => ({ chat: chatDTO(chat) }),
});

/** A closed chat opened again by an agent of its website. */
export const reopenChatFrame = frame({
  type: 'chat.reopen',
  permission: 'chat.handle',
  run: async ({ domain, caller }, f) => {
    const byName = (await domain.models.User.findByPk(agentOf(caller).userId, { attributes: ['pseudo_name'], transaction: domain.transaction }))?.pseudo_name ?? null;
    return reopenChat(domain, { chatId: f.chatId, byName });
  },
  present: (result) => ({ chat: chatDTO(result.chat), reopened: result.reopened }),
});
