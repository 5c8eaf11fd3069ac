import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import type { EventBus } from './bus.js';
import { createInProcessBus } from './inProcessBus.js';
import type { BusEvent } from '../protocol/events.js';

/** The Redis channel the nodes of one install share; installs sharing one Redis keep apart by prefix. */
const eventsChannel = (keyPrefix: string) => `${keyPrefix}events`;
/** The envelope starts with the sender's id, so a node knows its own echo without parsing it. */
const envelope = (nodeId: string, events: BusEvent[]) => JSON.stringify({ node: nodeId, events });

/**
 * Many nodes: an event is handed to this node's handlers at once (no round trip for local
 * sockets) and published on Redis for the others; a node ignores its own echo.
 */
export async function createRedisBus(url: string, onError: (err: unknown) => void = () => {}, keyPrefix = 'lc:'): Promise<EventBus> {
  const CHANNEL = eventsChannel(keyPrefix);
  const nodeId = crypto.randomUUID();
  const local = createInProcessBus(onError);
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = new Redis(url, { lazyConnect: true });
  pub.on('error', onError);
  sub.on('error', onError);
  await Promise.all([pub.connect(), sub.connect()]);
  await sub.subscribe(CHANNEL);
  const ownEcho = `{"node":${JSON.stringify(nodeId)},`;
  sub.on('message', (_channel, text: string) => {
    if (text.startsWith(ownEcho)) return;
    // `event` (one per message) is what nodes of version 0.1.0 send: kept for a rolling upgrade.
    let envelope: { node: string; events?: BusEvent[]; event?: BusEvent };
    try {
      envelope = JSON.parse(text);
    } catch (err) {
      onError(err);
      return;
    }
    if (envelope.node === nodeId) return;
    const events = Array.isArray(envelope.events) ? envelope.events : envelope.event ? [envelope.event] : [];
    void local.publishMany(events, 'remote');
  });
  // A batch's events travel as one Redis message: one write for the publisher and one parse per
  // other node, instead of one each per event. The caller does not wait for Redis's answer (its
  // acks would wait a round trip for nothing): one connection keeps the publishes in order, and
  // a publish that fails is reported; clients that missed it catch up by seq.
  const publishMany = async (events: BusEvent[]) => {
    if (events.length === 0) return;
    await local.publishMany(events);
    pub.publish(CHANNEL, envelope(nodeId, events)).catch(onError);
  };
  return {
    publish: (event) => publishMany([event]),
    publishMany,
    subscribe: local.subscribe,
    async close() {
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
