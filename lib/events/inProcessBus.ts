import type { EventBus, EventHandler } from './bus.js';
import type { LivechatEvent } from '../protocol/events.js';

/** One node: handlers are called synchronously, in publish order. */
export function createInProcessBus(onHandlerError: (err: unknown) => void = () => {}): EventBus {
  const handlers = new Set<EventHandler>();
  const deliver = (event: LivechatEvent) => {
    for (const handler of handlers) {
      try {
        handler(event);
      } catch (err) {
        onHandlerError(err);
      }
    }
  };
  return {
    async publish(event: LivechatEvent) {
      deliver(event);
    },
    async publishMany(events: LivechatEvent[]) {
      events.forEach(deliver);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      handlers.clear();
    },
  };
}
