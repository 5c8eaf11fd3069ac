import type { EventBus, EventHandler, EventOrigin } from './bus.js';
import type { BusEvent } from '../protocol/events.js';

/** One node: handlers are called synchronously, in publish order. */
export function createInProcessBus(onHandlerError: (err: unknown) => void = () => {}): EventBus {
  const handlers = new Set<EventHandler>();
  const deliver = (event: BusEvent, origin: EventOrigin) => {
    for (const handler of handlers) {
      try {
        handler(event, origin);
      } catch (err) {
        onHandlerError(err);
      }
    }
  };
  return {
    async publish(event: BusEvent, origin: EventOrigin = 'local') {
      deliver(event, origin);
    },
    async publishMany(events: BusEvent[], origin: EventOrigin = 'local') {
      for (const event of events) deliver(event, origin);
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
