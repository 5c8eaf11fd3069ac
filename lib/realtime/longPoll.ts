import crypto from 'node:crypto';
import type { Connection, Identity } from './connection.js';
import type { Dispatch } from './dispatcher.js';
import type { Presence } from './presence.js';
import type { Hub } from './hub.js';
import type { ServerFrame } from '../protocol/frames.js';
import type { PollBatchDTO } from '../protocol/widget.js';
import { every, type Clock } from '../clock.js';

const WAIT_MS = 25_000;
const EXPIRE_MS = 60_000;
const MAX_QUEUED = 2_000;

interface PollSession {
  conn: Connection;
  /** Frames not yet acknowledged by the client, each with its cursor. */
  queue: { cursor: number; text: string }[];
  nextCursor: number;
  lastSeen: number;
  waiter: (() => void) | null;
  closed: boolean;
  /** Frees the session's connection slot (connectionCaps.ts). */
  release?: () => void;
  /** Frames of one session are dispatched one after another, like a socket's. */
  chain: Promise<void>;
}

/** What a poll answers: frames as text, and the cursor that acknowledges them on the next poll (lib/protocol's shape). */
export type PollBatch = PollBatchDTO;

/**
 * Long polling for visitors whose network blocks WebSockets. A poll session is a Connection like
 * a socket: the same dispatcher, hub and presence. The client acknowledges frames by cursor, so
 * a response lost on the way is sent again by the next poll. Sessions live on the node that
 * opened them, and a session's id names that node (`<nodeId>.<random>`): a request for it that
 * lands on another node is relayed there (pollRelay.ts).
 */
export function createLongPoll(
  deps: { hub: Hub; dispatch: Dispatch; presence: Presence; onError: (err: unknown) => void; nodeId?: string; clock: Clock },
  options = { waitMs: WAIT_MS, expireMs: EXPIRE_MS },
) {
  const sessions = new Map<string, PollSession>();

  const drop = (id: string) => {
    const s = sessions.get(id);
    if (!s || s.closed) return;
    s.closed = true;
    sessions.delete(id);
    s.waiter?.();
    s.release?.();
    deps.hub.remove(s.conn);
    deps.presence.disconnected(s.conn).catch(deps.onError);
  };

  const { clock } = deps;
  const stopSweep = every(clock, Math.min(10_000, options.expireMs / 2), () => {
    const now = clock.now();
    for (const [id, s] of sessions) if (!s.waiter && now - s.lastSeen > options.expireMs) drop(id);
  });

  return {
    sessions,
    waitMs: options.waitMs,
    open(identity: Identity, ip: string | null, release?: () => void): string {
      const random = crypto.randomBytes(18).toString('base64url');
      const id = deps.nodeId ? `${deps.nodeId}.${random}` : random;
      // push reads the session only when a frame is sent, after the session below exists.
      const push = (text: string) => {
        if (session.closed) return;
        if (session.queue.length >= MAX_QUEUED) return drop(id);
        session.queue.push({ cursor: session.nextCursor++, text });
        session.waiter?.();
      };
      const conn: Connection = {
        id,
        identity,
        channels: new Set(),
        ip,
        send: (frame: ServerFrame) => push(JSON.stringify(frame)),
        sendText: push,
        close: () => drop(id),
      };
      const session: PollSession = { conn, queue: [], nextCursor: 1, lastSeen: clock.now(), waiter: null, closed: false, chain: Promise.resolve(), release };
      sessions.set(id, session);
      deps.hub.add(session.conn);
      session.conn.send({ type: 'hello', connectionId: id, role: 'visitor', ...(identity.kind === 'visitor' ? { visitorId: identity.visitorId } : {}), serverTime: new Date().toISOString() });
      deps.presence.connected(session.conn).catch(deps.onError);
      return id;
    },
    /** Frames after `ack`, at once if there are any, else when one comes or the wait (`waitMs`) ends. */
    async poll(id: string, ack: number, waitMs = options.waitMs): Promise<PollBatch | null> {
      const found = sessions.get(id);
      if (!found) return null;
      const s: PollSession = found;
      s.lastSeen = clock.now();
      s.queue = s.queue.filter((f) => f.cursor > ack);
      if (s.queue.length === 0) {
        s.waiter?.();
        await new Promise<void>((resolve) => {
          const cancel = clock.after(waitMs, done);
          function done() {
            cancel();
            if (s.waiter === done) s.waiter = null;
            resolve();
          }
          s.waiter = done;
        });
        s.lastSeen = clock.now();
      }
      const frames = s.queue.slice(0, 200);
      return { frames: frames.map((f) => f.text), cursor: frames.length ? frames[frames.length - 1].cursor : ack };
    },
    /** Hands the client's frames to the dispatcher in order; replies come back through poll. */
    send(id: string, frames: string[]): boolean {
      const s = sessions.get(id);
      if (!s) return false;
      s.lastSeen = clock.now();
      // A session dropped meanwhile (its website was disabled) handles none of the frames still queued.
      for (const text of frames) s.chain = s.chain.then(() => (s.closed ? undefined : deps.dispatch(s.conn, text))).catch(deps.onError);
      return true;
    },
    close() {
      stopSweep();
      for (const id of [...sessions.keys()]) drop(id);
    },
  };
}

export type LongPoll = ReturnType<typeof createLongPoll>;
