import { AppError, forbidden, notFound } from '../../errors.js';
import { mayActInChat } from '../../policies/realtime.js';
import { withUnitOfWork } from '../../domain/unitOfWork.js';
import { startChat } from '../../domain/chats/startChat.js';
import { joinChat } from '../../domain/chats/joinChat.js';
import { leaveChat } from '../../domain/chats/leaveChat.js';
import { transferChat } from '../../domain/chats/transferChat.js';
import { closeChat } from '../../domain/chats/closeChat.js';
import { channels } from '../../protocol/events.js';
import { chatDTO } from '../../presenters/realtime.js';
import type { Connection } from '../connection.js';
import type { FrameHandler, RealtimeDeps } from '../types.js';
import { actorOf, unitOfWork } from './messages.js';
import { askFresh } from '../accessVersion.js';

const visitorsOnly = () => new AppError('visitors_only', 'Only a visitor starts a chat.', 403);
const agentsOnly = () => forbidden('Only agents do this.');

function agentId(conn: Connection): number {
  if (conn.identity.kind !== 'agent') throw agentsOnly();
  if (conn.identity.role === 'manager') throw forbidden('Managers read chats but do not take part in them.');
  return conn.identity.userId;
}

async function checkChat(deps: RealtimeDeps, conn: Connection, chatId: number) {
  if (!(await askFresh(conn, () => mayActInChat(deps.db.models, conn.identity, chatId)))) throw notFound('chat');
}

/** A visitor opens (or gets back) their chat; the socket then follows it. */
export const startChatHandler: FrameHandler<'chat.start'> = async (deps, conn, frame) => {
  if (conn.identity.kind !== 'visitor') throw visitorsOnly();
  const visitorId = conn.identity.visitorId;
  if (frame.message) await deps.rateLimits.message(conn.identity);
  const result = await withUnitOfWork(unitOfWork(deps), actorOf(conn), (ctx) =>
    startChat(ctx, visitorId, { lead: frame.lead, message: frame.message, clientMsgId: frame.clientMsgId }, { reopenWindowMinutes: deps.config.chat.reopenWindowMinutes }),
  );
  deps.hub.subscribe(conn, channels.chat(result.chat.id));
  return {
    chat: chatDTO(result.chat),
    created: result.created,
    ...(result.message ? { message: { id: result.message.message.id, seq: result.message.message.seq, duplicate: result.message.duplicate } } : {}),
  };
};

export const joinChatHandler: FrameHandler<'chat.join'> = async (deps, conn, frame) => {
  const userId = agentId(conn);
  await checkChat(deps, conn, frame.chatId);
  const result = await withUnitOfWork(unitOfWork(deps), actorOf(conn), (ctx) => joinChat(ctx, { chatId: frame.chatId, userId }));
  deps.hub.subscribe(conn, channels.chat(frame.chatId));
  return { chat: chatDTO(result.chat), joined: result.joined };
};

export const leaveChatHandler: FrameHandler<'chat.leave'> = async (deps, conn, frame) => {
  const userId = agentId(conn);
  await checkChat(deps, conn, frame.chatId);
  const result = await withUnitOfWork(unitOfWork(deps), actorOf(conn), (ctx) => leaveChat(ctx, { chatId: frame.chatId, userId }));
  return { left: result.left };
};

export const transferChatHandler: FrameHandler<'chat.transfer'> = async (deps, conn, frame) => {
  const userId = agentId(conn);
  await checkChat(deps, conn, frame.chatId);
  const result = await withUnitOfWork(unitOfWork(deps), actorOf(conn), (ctx) =>
    transferChat(ctx, userId, { chatId: frame.chatId, toAgentId: frame.toAgentId, reason: frame.reason, mode: frame.mode }),
  );
  return { chat: chatDTO(result.chat), toAgentId: result.to.id };
};

export const closeChatHandler: FrameHandler<'chat.close'> = async (deps, conn, frame) => {
  if (conn.identity.kind === 'agent') agentId(conn);
  await checkChat(deps, conn, frame.chatId);
  const byName =
    conn.identity.kind === 'agent' ? (await deps.db.models.User.findByPk(conn.identity.userId, { attributes: ['pseudo_name'] }))?.pseudo_name ?? null : null;
  const result = await withUnitOfWork(unitOfWork(deps), actorOf(conn), (ctx) =>
    closeChat(ctx, { chatId: frame.chatId, endedBy: conn.identity.kind === 'visitor' ? 'visitor' : 'agent', byName }),
  );
  return { chat: chatDTO(result.chat), closed: result.closed };
};
