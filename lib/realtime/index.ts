import type http from 'node:http';
import type { Redis } from 'ioredis';
import type { ServerConfig } from '../config/secrets.js';
import type { Database } from '../db/index.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../logger.js';
import { createHub } from './hub.js';
import { createDispatcher } from './dispatcher.js';
import { createPresence } from './presence.js';
import { createRateLimits } from './rateLimits.js';
import { createMemoryPresenceStore, type PresenceStore } from './presenceStore.js';
import { attachWebSocket } from './wsTransport.js';
import crypto from 'node:crypto';
import { createLongPoll } from './longPoll.js';
import { createPollRelay } from './pollRelay.js';
import { createMessagePipeline } from '../domain/chats/messagePipeline.js';
import { unitOfWorkDeps } from '../runner/unitOfWorkDeps.js';
import { createAccessGuard } from './accessGuard.js';
import { createConnectionCaps } from './connectionCaps.js';
import type { RealtimeDeps } from './types.js';
import type { Realtime } from './realtime.js';
import { systemClock, type Clock } from '../clock.js';
import type { DatabaseWatch } from '../db/watch.js';

/** How long reasons to resync are gathered into one resync frame. */
const RESYNC_GATHER_MS = 200;

interface RealtimeOptions {
  config: ServerConfig;
  db: Database;
  bus: EventBus;
  logger: Logger;
  redis: Redis | null;
  presenceStore?: PresenceStore;
  databaseWatch: DatabaseWatch;
  /** What grace periods run on: the wall clock unless a test passes one it moves. */
  clock?: Clock;
  onFrame?: RealtimeDeps['onFrame'];
}

/**
 * The realtime engine: hub (this node's sockets and channels), dispatcher (frames -> domain
 * operations), presence, rate limits; bus events reach local subscribers whichever node made them.
 */
export function createRealtime(options: RealtimeOptions): Realtime {
  const hub = createHub();
  const deps: RealtimeDeps = {
    config: options.config,
    db: options.db,
    bus: options.bus,
    logger: options.logger,
    hub,
    rateLimits: createRateLimits(options.config, options.redis, options.logger),
    messages: createMessagePipeline(unitOfWorkDeps(options.db, options.bus), options.db.messageStores, (err, size) =>
      options.logger.warn({ err, size }, 'a batch of messages failed; sending them one by one'),
    ),
    databaseWatch: options.databaseWatch,
    connectionCaps: createConnectionCaps({ perVisitor: options.config.chat.maxConnectionsPerVisitor, perAddress: options.config.chat.maxConnectionsPerAddress }),
    clock: options.clock ?? systemClock,
    onFrame: options.onFrame,
  };
  const dispatch = createDispatcher(deps);
  const store = options.presenceStore ?? createMemoryPresenceStore();
  const presence = createPresence(deps, store);
  const guard = createAccessGuard(deps, { periodMs: options.config.chat.accessRecheckSeconds * 1000 });
  // access.changed is for this node's guard only; everything else goes out to subscribers.
  const unsubscribe = options.bus.subscribe((event) => (event.name === 'access.changed' ? void guard.accessChanged(event) : hub.deliver(event)));
  // Events of other nodes may have been missed: every local client catches up (sync) and reloads its
  // lists. Reasons that come together (this node's subscription back, other nodes' hints) make one
  // resync, not one each: every resync costs each client a sync per chat it follows.
  let resyncTimer: (() => void) | null = null;
  const stopResync = options.bus.onResync?.(() => {
    resyncTimer ??= deps.clock.after(RESYNC_GATHER_MS, () => {
      resyncTimer = null;
      for (const conn of hub.connections.values()) conn.send({ type: 'resync' });
    });
  });
  const onPollError = (err: unknown) => options.databaseWatch.report(err, () => options.logger.error({ err }, 'long poll failed'));
  // Names this node in its poll ids, so any node can relay a visitor's poll to the one holding it.
  const nodeId = crypto.randomBytes(6).toString('base64url');
  const longPoll = createLongPoll({ hub, dispatch, presence, onError: onPollError, nodeId, clock: deps.clock });
  const polls = createPollRelay(longPoll, options.redis ? { redis: options.redis, keyPrefix: options.config.redis.keyPrefix } : null, {
    nodeId,
    waitMs: longPoll.waitMs,
    onError: onPollError,
  });
  let ws: ReturnType<typeof attachWebSocket> | null = null;
  return {
    deps,
    hub,
    dispatch,
    presence,
    guard,
    longPoll,
    /** Long polling as the HTTP routes use it: this node's connections, and other nodes' relayed. */
    polls,
    attach(server: http.Server) {
      ws = attachWebSocket(server, deps, dispatch, presence);
    },
    async close() {
      await ws?.close();
      polls.close();
      longPoll.close();
      await dispatch.drained();
      unsubscribe();
      guard.close();
      stopResync?.();
      resyncTimer?.();
      presence.close();
      deps.rateLimits.close();
      await store.close();
      await deps.messages.close();
    },
  };
}

export type { Realtime } from './realtime.js';
