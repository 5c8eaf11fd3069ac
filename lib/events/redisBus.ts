import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import type { EventBus } from './bus.js';
import { createInProcessBus } from './inProcessBus.js';
import type { BusEvent } from '../protocol/events.js';

/** The Redis channel the nodes of one install share; installs sharing one Redis keep apart by prefix. */
const eventsChannel = (keyPrefix: string) => `${keyPrefix}events`;
/** The envelope starts with the sender's id, so a node knows its own echo without parsing it. */
const envelope = (nodeId: string, events: BusEvent[]) => JSON.stringify({ node: nodeId, events });

interface RedisBusOptions {
  /** Told once per change: 'down' when a link to Redis drops, 'up' when every link is back and subscribed. */
  onState?: (state: 'down' | 'up') => void;
}

/**
 * Many nodes: an event is handed to this node's handlers at once (no round trip for local
 * sockets) and published on Redis for the others; a node ignores its own echo.
 *
 * Pub/sub keeps nothing for a subscriber that is away, so an outage loses the events of other
 * nodes. What makes up for it: when this node's subscription is back (reconnected and subscribed
 * again), and when another node says its publishes failed (it sends a resync hint once its own
 * link is back), the bus calls its resync handlers, and the clients catch up from the database.
 */
export async function createRedisBus(url: string, onError: (err: unknown) => void = () => {}, keyPrefix = 'lc:', options: RedisBusOptions = {}): Promise<EventBus> {
  const CHANNEL = eventsChannel(keyPrefix);
  const nodeId = crypto.randomUUID();
  const local = createInProcessBus(onError);
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = new Redis(url, { lazyConnect: true });
  const resyncHandlers = new Set<() => void>();
  const resync = () => {
    for (const handler of resyncHandlers) {
      try {
        handler();
      } catch (err) {
        onError(err);
      }
    }
  };
  // Which links are down: while one is, its reconnect errors (one per attempt) are the same outage, not news.
  const down = new Set<'pub' | 'sub'>();
  let closing = false;
  const lost = (link: 'pub' | 'sub') => {
    if (closing || down.has(link)) return;
    if (down.size === 0) options.onState?.('down');
    down.add(link);
  };
  const back = (link: 'pub' | 'sub') => {
    if (!down.delete(link)) return;
    if (down.size === 0) options.onState?.('up');
  };
  pub.on('error', (err) => down.has('pub') || onError(err));
  sub.on('error', (err) => down.has('sub') || onError(err));
  await Promise.all([pub.connect(), sub.connect()]);
  await sub.subscribe(CHANNEL);
  const ownEcho = `{"node":${JSON.stringify(nodeId)},`;
  // A publish that failed: the other nodes missed events of ours, and hear so when the link is back.
  let owesHint = false;
  const sendHint = () => {
    owesHint = false;
    pub.publish(CHANNEL, JSON.stringify({ node: nodeId, resync: true })).catch((err) => {
      owesHint = true;
      onError(err);
    });
  };
  pub.on('close', () => lost('pub'));
  pub.on('ready', () => {
    const wasDown = down.has('pub');
    back('pub');
    if (wasDown || owesHint) sendHint();
  });
  sub.on('close', () => lost('sub'));
  sub.on('ready', () => {
    if (!down.has('sub')) return;
    // ioredis subscribes again by itself but does not say when it is done; this SUBSCRIBE is
    // answered after that one, so once it is, nothing published from now on is missed.
    sub.subscribe(CHANNEL).then(() => {
      back('sub');
      resync();
    }, onError);
  });
  sub.on('message', (_channel, text: string) => {
    if (text.startsWith(ownEcho)) return;
    // `event` (one per message) is what nodes of version 0.1.0 send: kept for a rolling upgrade.
    let envelope: { node: string; events?: BusEvent[]; event?: BusEvent; resync?: boolean };
    try {
      envelope = JSON.parse(text);
    } catch (err) {
      onError(err);
      return;
    }
    if (envelope.node === nodeId) return;
    if (envelope.resync) return resync();
    const events = Array.isArray(envelope.events) ? envelope.events : envelope.event ? [envelope.event] : [];
    void local.publishMany(events, 'remote');
  });
  // A batch's events travel as one Redis message: one write for the publisher and one parse per
  // other node, instead of one each per event. The caller does not wait for Redis's answer (its
  // acks would wait a round trip for nothing): one connection keeps the publishes in order, and
  // a publish that fails is owed as a resync hint; clients that missed it catch up by seq.
  const publishMany = async (events: BusEvent[]) => {
    if (events.length === 0) return;
    await local.publishMany(events);
    pub.publish(CHANNEL, envelope(nodeId, events)).catch((err) => {
      owesHint = true;
      if (!down.has('pub')) onError(err);
      if (pub.status === 'ready') sendHint();
    });
  };
  return {
    publish: (event) => publishMany([event]),
    publishMany,
    subscribe: local.subscribe,
    onResync(handler) {
      resyncHandlers.add(handler);
      return () => resyncHandlers.delete(handler);
    },
    async close() {
      closing = true;
      resyncHandlers.clear();
      await local.close();
      sub.disconnect();
      pub.disconnect();
    },
  };
}

/**
 * Hands events to every running node from a process that is not one (a CLI command changing an
 * account): connects, publishes, and waits for Redis's answer, all within timeoutMs. Resolves with
 * the number of nodes that heard it; rejects when Redis could not be reached in time.
 */
export async function publishToNodes(url: string, keyPrefix: string, events: BusEvent[], timeoutMs = 3000): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  let lastError: Error | null = null;
  // connect() rejects with a vague "Connection is closed"; the 'error' event has the reason.
  redis.on('error', (err: Error) => (lastError = err));
  try {
    await redis.connect().catch((err) => {
      throw lastError ?? err;
    });
    return await redis.publish(eventsChannel(keyPrefix), envelope(`cli-${crypto.randomUUID()}`, events));
  } finally {
    if (redis.status !== 'end') redis.disconnect();
  }
}
