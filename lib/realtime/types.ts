import type { ServerConfig } from '../config/secrets.js';
import type { Database } from '../db/index.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../logger.js';
import type { ClientFrame, FrameReply } from '../protocol/frames.js';
import type { Connection } from './connection.js';
import type { Hub } from './hub.js';
import type { RateLimits } from './rateLimits.js';
import type { MessageSender } from './messageSender.js';
import type { DatabaseWatch } from '../db/watch.js';
import type { ConnectionCaps } from './connectionCaps.js';

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
}

/**
 * A frame handler: authorize, call one domain operation, return the reply's fields as
 * lib/protocol's FrameReplies declares them for this frame type (nothing for frames without a reply).
 */
export type FrameHandler<T extends ClientFrame['type']> = (
  deps: RealtimeDeps,
  conn: Connection,
  frame: Extract<ClientFrame, { type: T }>,
) => Promise<FrameReply<T>>;

export type FrameHandlers = { [T in ClientFrame['type']]: FrameHandler<T> };
