import { agentRef } from '../../presenters/realtime.js';
import type { Connection } from '../connection.js';
import { frame } from '../frame.js';

const THROTTLE_MS = 400;
const last = new WeakMap<Connection, Map<number, { at: number; isTyping: boolean }>>();

/**
 * Typing indicators (and the visitor's draft, for agents only), throttled per connection and
 * chat: a change of state always goes out, repeats at most every 400 ms. Nothing is stored. Best
 * effort: a chat the sender may not act in is ignored without an answer.
 */
export const typingFrame = frame({
  type: 'typing',
  permission: 'chat.write',
  unitOfWork: 'none',
  quiet: true,
  run: async ({ env, caller, grant, domain }, f) => {
    let seen = last.get(env.conn);
    if (!seen) last.set(env.conn, (seen = new Map()));
    const prev = seen.get(f.chatId);
    const now = Date.now();
    if (prev && prev.isTyping === f.isTyping && now - prev.at < THROTTLE_MS) return;
    seen.set(f.chatId, { at: now, isTyping: f.isTyping });
    const id = caller.identity!;
    const isVisitor = id.kind === 'visitor';
    const agent = id.kind === 'agent' ? await domain.models.User.findByPk(id.userId, { attributes: ['id', 'pseudo_name', 'avatar'] }) : null;
    domain.emit!({
      name: 'typing',
      clientId: grant.clientId,
      chatId: f.chatId,
      from: isVisitor ? 'visitor' : 'agent',
      agent: agent ? agentRef(agent) : null,
      isTyping: f.isTyping,
      draft: isVisitor && f.isTyping ? (f.draft ?? null) : null,
    });
  },
  present: () => undefined,
});
