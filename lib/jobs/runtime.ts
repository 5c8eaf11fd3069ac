import { Redis } from 'ioredis';
import type { Config } from '../config/schema.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';
import type { EventBus } from '../events/bus.js';
import type { BusEvent } from '../protocol/events.js';
import { createInProcessBus } from '../events/inProcessBus.js';
import { createRedisBus } from '../events/redisBus.js';
import { createRedisPresenceStore } from '../realtime/redisPresenceStore.js';
import type { PresenceStore } from '../realtime/presenceStore.js';
import type { Realtime } from '../realtime/realtime.js';
import { createMailer } from '../mail/mailer.js';
import { subscribeMail } from '../mail/subscriber.js';
import { jobs, type JobDeps } from './index.js';
import type { LeaseStore } from '../leases/leases.js';
import { databaseLeases } from '../leases/databaseLeases.js';
import { redisLeases } from '../leases/redisLeases.js';
import { systemClock, type Clock } from '../clock.js';

/** The cluster lock of this configuration: Redis when configured (the nodes share it), else the database. */
export const clusterLeases = (config: Config, db: Database, redis: Redis | null, clock: Clock = systemClock): LeaseStore =>
  redis ? redisLeases(redis, config.redis.keyPrefix, clock) : databaseLeases(db, clock);

/**
 * Whether a visitor has a live connection: the cluster-wide presence store when there is one,
 * else this node's own connections (one node, so that is everyone's).
 */
export function liveConnections(realtime: Pick<Realtime, 'hub'>, presenceStore?: PresenceStore) {
  if (presenceStore) return async (kind: 'visitor' | 'agent', id: number) => (await presenceStore.count(kind, id)) > 0;
  return async (kind: 'visitor' | 'agent', id: number) =>
    [...realtime.hub.connections.values()].some((c) => (kind === 'visitor' ? c.identity.kind === 'visitor' && c.identity.visitorId === id : c.identity.kind === 'agent' && c.identity.userId === id));
}

const REDIS_CONNECT_MS = 3000;

/**
 * What `livechat jobs run` gives a job outside the server: the database (opened by the caller),
 * Redis when configured, a bus whose events reach this process's mailer (and, over Redis, the
 * running servers' sockets), and the mailer. close() waits for queued e-mail, then shuts all down.
 */
export async function openJobRuntime(config: Config, db: Database, logger: Logger) {
  // One short run: no reconnect loop and no offline queue, so with Redis down a command fails at once.
  const redis = config.redis.url
    ? new Redis(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: REDIS_CONNECT_MS, enableOfflineQueue: false, retryStrategy: () => null })
    : null;
  // connect() rejects with a vague "Connection is closed"; the 'error' event has the reason.
  let redisError: Error | null = null;
  redis?.on('error', (err: Error) => (redisError = err));
  await redis?.connect().catch((err) => logger.warn({ err: (redisError ?? (err as Error)).message }, 'Redis is unreachable: jobs that need it will say so'));

  const onBusError = (err: unknown) => logger.error({ err }, 'event bus error');
  // This process's own events go to its mailer; the servers' events stay theirs to handle.
  const local = createInProcessBus(onBusError);
  let remote: EventBus | null = null;
  if (redis?.status === 'ready') {
    remote = await Promise.race([
      createRedisBus(config.redis.url!, onBusError, config.redis.keyPrefix),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), REDIS_CONNECT_MS).unref()),
    ]).catch(() => null);
  }
  const publishMany = async (events: BusEvent[]) => {
    await local.publishMany(events);
    await remote?.publishMany(events).catch(onBusError);
  };
  const bus: EventBus = {
    publish: (event) => publishMany([event]),
    publishMany,
    subscribe: local.subscribe,
    async close() {
      await local.close();
      await remote?.close();
    },
  };
  const presence = redis?.status === 'ready' ? createRedisPresenceStore(redis, { keyPrefix: config.redis.keyPrefix }) : undefined;
  const mail = createMailer({ config, db, logger, redis });
  const unsubscribe = subscribeMail(bus, mail);
  const deps: JobDeps = {
    config,
    db,
    logger,
    bus,
    mail,
    redis,
    ...(presence ? { isConnected: async (kind: 'visitor' | 'agent', id: number) => (await presence.count(kind, id)) > 0 } : {}),
  };
  return {
    deps,
    jobs: jobs(deps),
    leases: clusterLeases(config, db, redis),
    /** Sends what is queued (waiting up to mailTimeoutMs), then closes; resolves with the e-mails left unsent. */
    async close(mailTimeoutMs = 30_000): Promise<number> {
      const unsent = await mail.drain(mailTimeoutMs);
      unsubscribe();
      await mail.close();
      await presence?.close();
      await bus.close();
      // A client that already gave up ('end') is left alone: disconnecting it again arms a timer that holds the process.
      if (redis && redis.status !== 'end') redis.disconnect();
      return unsent;
    },
  };
}
