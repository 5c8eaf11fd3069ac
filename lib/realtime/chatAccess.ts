import { mayActInChat } from '../policies/realtime.js';
import { askFresh } from './accessVersion.js';
import type { Connection } from './connection.js';
import type { RealtimeDeps } from './types.js';

const TTL_MS = 15_000;
/** An answer this close to its end is asked again in the background while it is still served. */
const REFRESH_AHEAD_MS = 5_000;

interface Answer {
  clientId: number;
  until: number;
  refreshing: boolean;
}
const cache = new WeakMap<Connection, Map<number, Answer>>();

/** 11.25-15 s: answers given together (every visitor's first message) do not all end together. */
const lifetime = () => TTL_MS * (0.75 + 0.25 * Math.random());

/**
 * The policies' answer to "may this connection act in this chat" (null: it may not), remembered for up to 15 s per
 * connection so a chatty socket does not ask the database on every message and keystroke. When the
 * connection's access changes, the access guard drops its answers at once (forgetChatAccess). An
 * answer in its last seconds is refreshed in the background, so an active chat's messages never
 * wait for that query; and lifetimes vary, so hundreds of chats that started together do not all
 * ask again in the same instant (which once showed as a 100 ms stall every 15 s at 5,000 msg/s).
 */
export function chatAccess(deps: RealtimeDeps, conn: Connection, chatId: number): { clientId: number } | Promise<{ clientId: number } | null> {
  const now = deps.clock.now();
  const hit = cache.get(conn)?.get(chatId);
  if (hit && hit.until > now) {
    if (hit.until - now < REFRESH_AHEAD_MS && !hit.refreshing) refresh(deps, conn, chatId, hit);
    // Remembered: answered at once, without a promise (the message path asks on every frame).
    return hit;
  }
  return ask(deps, conn, chatId, now);
}

async function ask(deps: RealtimeDeps, conn: Connection, chatId: number, now: number): Promise<{ clientId: number } | null> {
  const allowed = await askFresh(conn, () => mayActInChat(deps.db.models, conn.identity, chatId));
  if (!allowed) return null;
  // Read now: the access guard may have dropped this connection's answers meanwhile.
  let byChat = cache.get(conn);
  if (!byChat) cache.set(conn, (byChat = new Map()));
  if (byChat.size > 500) byChat.clear();
  const answer = { clientId: allowed.clientId, until: now + lifetime(), refreshing: false };
  byChat.set(chatId, answer);
  return answer;
}

/** Drops a connection's remembered answers: its rights changed, so the next frame asks the policies again. */
export function forgetChatAccess(conn: Connection): void {
  cache.delete(conn);
}

function refresh(deps: RealtimeDeps, conn: Connection, chatId: number, answer: Answer) {
  answer.refreshing = true;
  mayActInChat(deps.db.models, conn.identity, chatId).then(
    (allowed) => {
      answer.refreshing = false;
      if (allowed) {
        answer.clientId = allowed.clientId;
        answer.until = deps.clock.now() + lifetime();
      } else cache.get(conn)?.delete(chatId);
    },
    (err) => {
      // The answer stands until it ends; the next message after that asks again and waits.
      answer.refreshing = false;
      deps.databaseWatch.report(err, () => deps.logger.warn({ err, chatId }, 'could not refresh a chat permission'));
    },
  );
}
