import type { BusEvent } from '../protocol/events.js';

/** `remote`: the event was made on another node (Redis bus); side effects that must happen once skip those. */
export type EventOrigin = 'local' | 'remote';
export type EventHandler = (event: BusEvent, origin: EventOrigin) => void;

/**
 * Where domain events go after commit. In-process by default; over Redis pub/sub when several
 * nodes share one database, so a socket on any node hears what happened on every node.
 */
export interface EventBus {
  publish(event: BusEvent, origin?: EventOrigin): Promise<void>;
  /** Several events at once (a batch's), in order; they cross to other nodes in one message. */
  publishMany(events: BusEvent[], origin?: EventOrigin): Promise<void>;
  subscribe(handler: EventHandler): () => void;
  /**
   * Called when events from other nodes may have been missed (Redis was unreachable and the bus is
   * back, or another node's publishes failed): clients must catch up from the database. A bus
   * that cannot miss events (in-process) has none.
   */
  onResync?(handler: () => void): () => void;
  close(): Promise<void>;
}
