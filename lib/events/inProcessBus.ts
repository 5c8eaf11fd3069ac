import type { EventBus, EventHandler } from './bus.js';
import type { LivechatEvent } from '../protocol/events.js';

/** One node: handlers are called synchronously, in publish order. */
export function createInProcessBus(onHandlerError: (err: unknown) => void = () => {}): EventBus {
  const handlers = new Set<EventHandler>();
  return {
    async publish(...events: LivechatEvent[]) {
      for (const event of events) {
        for (const handler of handlers) {
          try {
            handler(event);
          } catch (err) {
            onHandlerError(err);
          }
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
