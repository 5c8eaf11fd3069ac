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
    let envelope: { node: string; event: LivechatEvent };
    try {
      envelope = JSON.parse(text);
    } catch (err) {
      onError(err);
      return;
    }
    if (envelope.node !== nodeId) void local.publish(envelope.event, 'remote');
  });
  return {
    async publish(event) {
      await local.publish(event);
      await pub.publish(CHANNEL, JSON.stringify({ node: nodeId, event }));
    },
    subscribe: local.subscribe,
    async close() {
      await local.close();
      sub.disconnect();
      pub.disconnect();
    },
  };
}
