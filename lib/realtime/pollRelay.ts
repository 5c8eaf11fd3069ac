import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LongPoll, PollBatch } from './longPoll.js';

/**
 * How long a relayed request may take beyond its own wait: a Redis round trip and the owner's
 * turn. Past it the owner is taken for gone and the client is told `poll_closed`.
 */
const RELAY_MARGIN_MS = 5_000;
/**
 * A relayed poll waits this long for frames at most (a local one waits the full 25 s): should the
 * owner die meanwhile, nobody answers, and the client is blind until the relay gives up. Shorter
 * relayed waits bound that, at the cost of a few more empty polls.
 */
const RELAYED_WAIT_MS = 10_000;

/** What one node asks the owner of a connection; `r` pairs the reply with it, `from` says where to send it. */
type Ask = { t: 'poll'; id: string; cursor: number; waitMs: number } | { t: 'send'; id: string; frames: string[] };
type Request = Ask & { r: string; from: string };
type Reply = { t: 'reply'; r: string; v: PollBatch | boolean | null };

/** The node a poll id names (`<node>.<random>`), or null for an id without one. */
function pollIdNode(id: string): string | null {
  const dot = id.indexOf('.');
  return dot > 0 ? id.slice(0, dot) : null;
}

/**
 * Long polling across nodes, with no help from the load balancer. A poll connection lives on the
 * node that opened it (its place in the hub, its subscriptions, presence, the frames not yet
 * acknowledged) and its id names that node. A poll or a send that lands on another node is relayed
 * over Redis pub/sub to the owner, which answers as it answers its own requests, and the answer
 * comes back the same way. Nothing is lost on the way: frames stay queued on the owner until a
 * poll acknowledges them by cursor, and a send is answered only once the owner took the frames.
 *
 * An owner that is gone (stopped, crashed, unsubscribed) is known at once: PUBLISH says nobody
 * heard it. Then, as when Redis is unreachable or the owner does not answer in time, the request
 * answers `poll_closed` and the client opens a new connection and resumes by seq, as after any
 * reconnect (resent messages keep their clientMsgId, so none is stored twice).
 */
export function createPollRelay(longPoll: LongPoll, link: { redis: Redis; keyPrefix: string } | null, options: { nodeId: string; waitMs: number; onError: (err: unknown) => void }) {
  const channelOf = (node: string) => `${link?.keyPrefix ?? ''}poll:${node}`;
  const waiting = new Map<string, { done: (v: Reply['v']) => void }>();
  const sub = link ? link.redis.duplicate() : null;

  const answer = (to: string, r: string, v: Reply['v']) =>
    link!.redis.publish(channelOf(to), JSON.stringify({ t: 'reply', r, v } satisfies Reply)).catch(options.onError);

  const onMessage = (_channel: string, text: string) => {
    let msg: Request | Reply;
    try {
      msg = JSON.parse(text);
    } catch (err) {
      return options.onError(err);
    }
    if (msg.t === 'reply') return waiting.get(msg.r)?.done(msg.v);
    if (msg.t === 'poll') void longPoll.poll(msg.id, msg.cursor, Math.min(Number(msg.waitMs) || RELAYED_WAIT_MS, RELAYED_WAIT_MS)).then((v) => answer(msg.from, msg.r, v), options.onError);
    else if (msg.t === 'send') void answer(msg.from, msg.r, longPoll.send(msg.id, msg.frames));
  };
  // The command client beside it already logs Redis outages, once per change (logRedisOutages).
  sub?.on('error', () => {});
  sub?.on('message', onMessage);
  const ready = sub ? sub.subscribe(channelOf(options.nodeId)).then(() => undefined, options.onError) : Promise.resolve();

  /** Asks the owning node; null when it cannot be asked, did not hear, or did not answer in time. */
  const relay = async (node: string, request: Ask, boundMs: number): Promise<Reply['v']> => {
    if (!link) return null;
    const r = crypto.randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(null), boundMs);
      function done(v: Reply['v']) {
        clearTimeout(timer);
        waiting.delete(r);
        resolve(v);
      }
      waiting.set(r, { done });
      link.redis.publish(channelOf(node), JSON.stringify({ ...request, r, from: options.nodeId })).then(
        (heard) => heard === 0 && done(null),
        (err) => {
          options.onError(err);
          done(null);
        },
      );
    });
  };

  const owner = (id: string) => {
    const node = pollIdNode(id);
    return node === null || node === options.nodeId ? null : node;
  };

  return {
    ready,
    open: longPoll.open,
    /** Frames after `ack` for a connection of any node; null: it is over (open a new one). */
    async poll(id: string, ack: number): Promise<PollBatch | null> {
      const node = owner(id);
      if (!node) return longPoll.poll(id, ack);
      const waitMs = Math.min(options.waitMs, RELAYED_WAIT_MS);
      return (await relay(node, { t: 'poll', id, cursor: ack, waitMs }, waitMs + RELAY_MARGIN_MS)) as PollBatch | null;
    },
    /** Hands frames to the connection's node, in order; false: it is over. */
    async send(id: string, frames: string[]): Promise<boolean> {
      const node = owner(id);
      if (!node) return longPoll.send(id, frames);
      return (await relay(node, { t: 'send', id, frames }, RELAY_MARGIN_MS)) === true;
    },
    close() {
      for (const { done } of [...waiting.values()]) done(null);
      sub?.disconnect();
    },
  };
}

export type PollRelay = ReturnType<typeof createPollRelay>;
