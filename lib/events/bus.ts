import type { LivechatEvent } from '../protocol/events.js';

export type EventHandler = (event: LivechatEvent) => void;

/**
 * Where domain events go after commit. In-process by default; over Redis pub/sub when several
 * nodes share one database, so a socket on any node hears what happened on every node.
 */
export interface EventBus {
  publish(event: LivechatEvent): Promise<void>;
  /** Several events at once (a batch's), in order; they cross to other nodes in one message. */
  publishMany(events: LivechatEvent[]): Promise<void>;
  subscribe(handler: EventHandler): () => void;
  close(): Promise<void>;
}
