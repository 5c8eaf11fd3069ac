import type { ServerConfig } from '../config/secrets.js';
import type { Database } from '../db/index.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../logger.js';
import type { ClientFrame } from '../protocol/frames.js';
import type { Connection } from './connection.js';
import type { Hub } from './hub.js';
import type { RateLimits } from './rateLimits.js';
import type { MessageSender } from './messageSender.js';
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
  /** Text messages go through group commit (see lib/domain/batchedUnitOfWork.ts). */
  messages: MessageSender;
  /** Told when a frame failed because the database did not answer (it logs the outage once). */
  databaseWatch: DatabaseWatch;
  /** Visitors' open connections per token and per address (both transports). */
  connectionCaps: ConnectionCaps;
  /** What grace periods run on (presence); the wall clock unless a test moves its own. */
  clock?: Clock;
}

/** A frame handler: authorize, call one domain operation, return the reply's fields (or nothing). */
export type FrameHandler<T extends ClientFrame['type']> = (
  deps: RealtimeDeps,
  conn: Connection,
  frame: Extract<ClientFrame, { type: T }>,
) => Promise<Record<string, unknown> | void>;

export type FrameHandlers = { [T in ClientFrame['type']]: FrameHandler<T> };
