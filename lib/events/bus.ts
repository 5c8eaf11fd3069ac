import type { LivechatEvent } from '../protocol/events.js';

export type EventHandler = (event: LivechatEvent) => void;

/**
 * Where domain events go after commit. In-process by default; over Redis pub/sub when several
 * nodes share one database, so a socket on any node hears what happened on every node.
 */
export interface EventBus {
  /** Several events at once keep their order and cross to other nodes in one message. */
  publish(...events: LivechatEvent[]): Promise<void>;
  subscribe(handler: EventHandler): () => void;
  close(): Promise<void>;
}
