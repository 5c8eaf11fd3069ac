import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import type { EventBus } from './bus.js';
import { createInProcessBus } from './inProcessBus.js';
import type { LivechatEvent } from '../protocol/events.js';

/**
 * Many nodes: an event is handed to this node's handlers at once (no round trip for local
 * sockets) and published on Redis for the others; a node ignores its own echo.
 */
export async function createRedisBus(url: string, onError: (err: unknown) => void = () => {}, keyPrefix = 'lc:'): Promise<EventBus> {
  // Installs sharing one Redis keep apart by prefix, events included.
  const CHANNEL = `${keyPrefix}events`;
  const nodeId = crypto.randomUUID();
  const local = createInProcessBus(onError);
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = new Redis(url, { lazyConnect: true });
  pub.on('error', onError);
  sub.on('error', onError);
  await Promise.all([pub.connect(), sub.connect()]);
  await sub.subscribe(CHANNEL);
  sub.on('message', (_channel, text: string) => {
    // `event` (one per message) is what nodes of version 0.1.0 send: kept for a rolling upgrade.
    let envelope: { node: string; events?: LivechatEvent[]; event?: LivechatEvent };
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
  // A batch's events travel as one Redis message: one round trip for the publisher and one
  // parse per node, instead of one each per event.
  const publishMany = async (events: LivechatEvent[]) => {
    if (events.length === 0) return;
    await local.publishMany(events);
    await pub.publish(CHANNEL, JSON.stringify({ node: nodeId, events }));
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
