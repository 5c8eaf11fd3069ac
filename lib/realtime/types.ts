import type { ServerConfig } from '../config/secrets.js';
import type { Database } from '../db/index.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../logger.js';
import type { Hub } from './hub.js';
import type { RateLimits } from './rateLimits.js';
import type { MessagePipeline } from '../domain/chats/messagePipeline.js';
import type { DatabaseWatch } from '../db/watch.js';
import type { ConnectionCaps } from './connectionCaps.js';
import type { Clock } from '../clock.js';

export interface RealtimeDeps {
  config: ServerConfig;
  db: Database;
  bus: EventBus;
  logger: Logger;
  hub: Hub;
  rateLimits: RateLimits;
  /** The message pipeline with group commit (lib/domain/chats/messagePipeline.ts). */
  messages: MessagePipeline;
  /** Told when a frame failed because the database did not answer (it logs the outage once). */
  databaseWatch: DatabaseWatch;
  /** Visitors' open connections per token and per address (both transports). */
  connectionCaps: ConnectionCaps;
  /** What every wait and expiry of the realtime engine runs on (grace periods, long-poll waits and expiry, access re-checks, cached permissions); the wall clock unless a test moves its own. */
  clock: Clock;
  /** Told of each frame answered (the metrics: ack latency, messages): its type, the sender's kind, success, seconds taken. */
  onFrame?: (type: string, sender: 'agent' | 'visitor', ok: boolean, seconds: number) => void;
}
