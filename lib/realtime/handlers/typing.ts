import { chatAccess } from '../chatAccess.js';
import { agentRef } from '../../presenters/realtime.js';
import type { Connection } from '../connection.js';
import type { FrameHandler } from '../types.js';

const THROTTLE_MS = 400;
const last = new WeakMap<Connection, Map<number, { at: number; isTyping: boolean }>>();

/**
 * Typing indicators (and the visitor's draft, for agents only), throttled per connection and
 * chat: a change of state always goes out, repeats at most every 400 ms. Nothing is stored.
 */
export const typingHandler: FrameHandler<'typing'> = async (deps, conn, frame) => {
  const seen = last.get(conn) ?? new Map();
  last.set(conn, seen);
  const prev = seen.get(frame.chatId);
  const now = Date.now();
  if (prev && prev.isTyping === frame.isTyping && now - prev.at < THROTTLE_MS) return;
  const allowed = await chatAccess(deps, conn, frame.chatId).catch(() => null);
  if (!allowed) return;
  seen.set(frame.chatId, { at: now, isTyping: frame.isTyping });
  const isVisitor = conn.identity.kind === 'visitor';
  const agent = isVisitor ? null : await deps.db.models.User.findByPk((conn.identity as { userId: number }).userId, { attributes: ['id', 'pseudo_name', 'avatar'] });
  await deps.bus.publish({
    name: 'typing',
    clientId: allowed.clientId,
    chatId: frame.chatId,
    from: isVisitor ? 'visitor' : 'agent',
    agent: agent ? agentRef(agent) : null,
    isTyping: frame.isTyping,
    draft: isVisitor && frame.isTyping ? (frame.draft ?? null) : null,
  });
};
