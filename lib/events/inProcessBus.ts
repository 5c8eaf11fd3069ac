import type { EventBus, EventHandler, EventOrigin } from './bus.js';
import type { LivechatEvent } from '../protocol/events.js';

/** One node: handlers are called synchronously, in publish order. */
export function createInProcessBus(onHandlerError: (err: unknown) => void = () => {}): EventBus {
  const handlers = new Set<EventHandler>();
  return {
    async publish(event: LivechatEvent, origin: EventOrigin = 'local') {
      for (const handler of handlers) {
        try {
          handler(event, origin);
        } catch (err) {
          onHandlerError(err);
        }
      }
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
