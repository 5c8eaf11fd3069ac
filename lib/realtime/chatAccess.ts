import { notFound } from '../errors.js';
import { mayActInChat } from '../policies/realtime.js';
import type { Connection } from './connection.js';
import type { RealtimeDeps } from './types.js';

const TTL_MS = 15_000;
const cache = new WeakMap<Connection, Map<number, { clientId: number; until: number }>>();

/**
 * The policies' answer to "may this connection act in this chat", remembered for 15 s per
 * connection so a chatty socket does not ask the database on every message and keystroke.
 * A revoked assignment takes effect within that time.
 */
export async function chatAccess(deps: RealtimeDeps, conn: Connection, chatId: number): Promise<{ clientId: number }> {
  const now = Date.now();
  let byChat = cache.get(conn);
  const hit = byChat?.get(chatId);
  if (hit && hit.until > now) return hit;
  const allowed = await mayActInChat(deps.db.models, conn.identity, chatId);
  if (!allowed) throw notFound('chat');
  if (!byChat) cache.set(conn, (byChat = new Map()));
  if (byChat.size > 500) byChat.clear();
  byChat.set(chatId, { clientId: allowed.clientId, until: now + TTL_MS });
  return allowed;
}
