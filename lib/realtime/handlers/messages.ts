import { chatAccess } from '../chatAccess.js';
import { withUnitOfWork } from '../../domain/unitOfWork.js';
import { markRead } from '../../domain/chats/markRead.js';
import type { Sender } from '../../domain/chats/senders.js';
import type { Actor } from '../../domain/types.js';
import type { Connection } from '../connection.js';
import type { FrameHandler, RealtimeDeps } from '../types.js';

export const senderOf = (conn: Connection): Sender =>
  conn.identity.kind === 'visitor' ? { type: 'visitor', visitorId: conn.identity.visitorId } : { type: 'agent', userId: conn.identity.userId };

export const actorOf = (conn: Connection): Actor =>
  conn.identity.kind === 'visitor'
    ? { type: 'visitor', id: conn.identity.visitorId, clientId: conn.identity.clientId, ip: conn.ip }
    : { type: 'user', id: conn.identity.userId, ip: conn.ip };

export const unitOfWork = (deps: RealtimeDeps) => ({ sequelize: deps.db.sequelize, models: deps.db.models, bus: deps.bus, messageStores: deps.db.messageStores });

/**
 * The ack `{ok, id, seq}` is sent only after the commit; a resend gets the same ack. The
 * dispatcher has counted the frame against the sender's message limit already.
 */
export const sendMessageHandler: FrameHandler<'message.send'> = async (deps, conn, frame) => {
  await chatAccess(deps, conn, frame.chatId);
  const input = { chatId: frame.chatId, clientMsgId: frame.clientMsgId, body: frame.body, internal: frame.internal };
  const result = await deps.messages.send({ sender: senderOf(conn), input });
  return { id: result.message.id, seq: result.message.seq, chatId: frame.chatId, clientMsgId: frame.clientMsgId, duplicate: result.duplicate };
};

export const readHandler: FrameHandler<'read'> = async (deps, conn, frame) => {
  await chatAccess(deps, conn, frame.chatId);
  const result = await withUnitOfWork(unitOfWork(deps), actorOf(conn), (ctx) => markRead(ctx, senderOf(conn), frame));
  return { seq: result.seq };
};
