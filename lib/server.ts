import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config/schema.js';
import { requireServerSecrets } from './config/secrets.js';
import { openDatabase, PendingMigrationsError } from './db/index.js';
import { describeMigrationProgress } from './db/migrator.js';
import { createApp } from './http/app.js';
import { Redis } from 'ioredis';
import { createRealtime } from './realtime/index.js';
import { createRedisPresenceStore } from './realtime/redisPresenceStore.js';
import { createInProcessBus } from './events/inProcessBus.js';
import { createRedisBus } from './events/redisBus.js';
import { logRedisOutages, waitForRedis } from './events/redisConnection.js';
import type { EventBus } from './events/bus.js';
import { createJobRegistry } from './jobs/registry.js';
import { jobs } from './jobs/index.js';
import { clusterLeases, liveConnections } from './jobs/runtime.js';
import { createMailer } from './mail/mailer.js';
import { createHistoryExports } from './exports/historyExports.js';
import { dataPaths } from './paths.js';
import { subscribeMail } from './mail/subscriber.js';
import { subscribePush } from './push/subscriber.js';
import { startRouter } from './routing/router.js';
import { subscribeMessageAnalysis, type MessageAnalysisService } from './ai/messageAnalysis.js';
import { createLocalEngine } from './ai/localEngine.js';
import { createAssistant } from './ai/assistant.js';
import { createModelEngine } from './ai/modelEngine.js';
import type { Logger } from './logger.js';
import { systemClock, type Clock } from './clock.js';
import { boundQueries } from './db/deadline.js';
import { createDatabaseProbe } from './db/probe.js';
import { watchDatabase } from './db/watch.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { createWebhookWorker } from './webhooks/worker.js';

export interface StartOptions {
  config: Config;
  logger: Logger;
  /** Apply pending migrations instead of refusing to start. */
  migrate?: boolean;
  onMigrationProgress?: (line: string) => void;
  /** What waits and expiries run on (sign-in lockouts, long polls, grace periods, access re-checks, leases, download links); tests pass a clock they move. */
  clock?: Clock;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The parts tests and benches reach into (the realtime engine's hub, the bus). */
  realtime: ReturnType<typeof createRealtime>;
  close(): Promise<void>;
}

/**
 * The composition root: config -> database -> migration check -> app -> WebSocket -> jobs.
 * Returns once listening; close() shuts down in the reverse order.
 */
/** How long start waits for Redis before refusing with the reason. */
const REDIS_START_WAIT_MS = 5000;

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { logger } = options;
  // Before anything opens: a server without its signing keys would sign tokens anyone can forge.
  const config = requireServerSecrets(options.config);
  const db = openDatabase(config, {
    onMigrationProgress: (p) => options.onMigrationProgress?.(describeMigrationProgress(p, 'applying')),
  });
  try {
    await db.sequelize.authenticate();
    const { pending } = await db.migrator.status();
    if (pending.length > 0) {
      if (!options.migrate) throw new PendingMigrationsError(pending);
      await db.migrator.up();
    }
  } catch (err) {
    await db.close();
    throw err;
  }
  // After the migrations (a long ALTER TABLE is not cut off): from here every statement is bounded.
  boundQueries(db.sequelize, config.database.queryTimeoutMs);
  const databaseProbe = createDatabaseProbe(config, db);
  const databaseWatch = watchDatabase(databaseProbe, logger, { intervalMs: 1000, probeTimeoutMs: config.server.readyTimeoutMs });

  const onBusError = (err: unknown) => logger.error({ err }, 'event bus error');
  let redis: Redis | null = null;
  let bus: EventBus;
  try {
    // Commands issued in the same tick (rate limits, presence) leave in one write.
    redis = config.redis.url ? new Redis(config.redis.url, { maxRetriesPerRequest: 3, enableAutoPipelining: true }) : null;
    if (redis) {
      logRedisOutages(redis, logger, 'commands');
      await waitForRedis(redis, config.redis.url!, REDIS_START_WAIT_MS);
    }
    const onState = (state: 'down' | 'up') =>
      state === 'down'
        ? logger.error('the event bus lost Redis: events of other nodes are missed until it is back')
        : logger.warn('the event bus reached Redis again: every client is told to resync');
    bus = config.redis.url ? await createRedisBus(config.redis.url, onBusError, config.redis.keyPrefix, { onState }) : createInProcessBus(onBusError);
  } catch (err) {
    redis?.disconnect();
    await db.close();
    throw err;
  }
  const presenceStore = redis
    ? createRedisPresenceStore(redis, { keyPrefix: config.redis.keyPrefix, onError: (err) => logger.error({ err }, 'presence heartbeat failed') })
    : undefined;
  const clock = options.clock ?? systemClock;
  // Filled in below: the metrics read the realtime engine and the mailer, which report to them.
  let metrics: Metrics | null = null;
  const onFrame = (type: string, sender: 'agent' | 'visitor', ok: boolean, seconds: number) => {
    metrics?.frameAnswered(type, ok, seconds);
    if (ok && type === 'message.send') metrics?.messageAccepted(sender);
  };
  const realtime = createRealtime({ config, db, bus, logger, redis, presenceStore, databaseWatch, clock, onFrame });
  // E-mail reacts to events after commit, through a retrying queue: it never holds up a chat.
  const mail = createMailer({ config, db, logger, redis });
  metrics = createMetrics({ db, openConnections: () => openConnectionsByRole(realtime), mailQueue: () => mail.pending() });
  const webhooks = createWebhookWorker({ config, db, logger, clock, mail, databaseWatch, onAttempt: (result) => metrics?.webhookAttempt(result.ok) });
  const historyExports = createHistoryExports({ db, dir: dataPaths(config.dataDir).exports, logger, onReady: (job) => mail.exportReady(job.id) });
  const app = createApp({ config, db, logger, bus, redis, realtime, databaseWatch, databaseProbe, historyExports, clock, metrics, webhooks });
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  realtime.attach(server);
  const unsubscribeMail = subscribeMail(bus, mail);
  const push = subscribePush({ config, db, bus, logger });
  const router = startRouter({ db, bus, clock, logger });
  const jobDeps = { config, db, logger, bus, mail, redis, isConnected: liveConnections(realtime, presenceStore) };
  const registry = createJobRegistry(config.jobs.enabled ? jobs(jobDeps) : [], {
    timezone: config.jobs.timezone,
    logger,
    leases: clusterLeases(config, db, redis, clock),
    schedules: config.jobs.schedules,
    onOutcome: (job, status) => metrics?.jobRun(job, status),
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (err) => {
    await historyExports.close();
    unsubscribeMail();
    await push.close();
    await router.close();
    await mail.close();
    await realtime.close();
    await bus.close();
    redis?.disconnect();
    await db.close();
    throw err;
  });
  registry.start();
  webhooks.start();
  // Trained after listening, in the background (a second of CPU, in steps): messages queue for it meanwhile.
  let analysis: MessageAnalysisService | null = null;
  if (config.ai.analysis) {
    const local = createLocalEngine();
    local.then((e) => logger.info({ ms: e.trainedMs }, 'AI engine trained'), (err) => logger.error({ err }, 'AI engine failed to train: messages are not analysed'));
    const { model } = config.ai;
    const engine = model.baseUrl
      ? local.then((fallback) => createModelEngine({ baseUrl: model.baseUrl!, model: model.name, apiKey: model.apiKey, timeoutMs: model.timeoutMs }, fallback, (call) => logger.info({ call }, 'AI model call')))
      : local;
    analysis = subscribeMessageAnalysis({ db, bus, logger, clock, engine, afterAnalysis: createAssistant({ db, bus }).afterAnalysis });
  }
  const port = (server.address() as AddressInfo).port;
  const shownHost = ['0.0.0.0', '::'].includes(config.server.host) ? 'localhost' : config.server.host;
  const url = `http://${shownHost}:${port}`;
  logger.info({ url, dialect: db.dialect }, 'livechat listening');

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      logger.info('shutting down');
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await realtime.close();
      await registry.stop();
      await webhooks.stop();
      await analysis?.close();
      await historyExports.close();
      unsubscribeMail();
      await push.close();
      await router.close();
      // Mail already queued gets a moment to go out; what is left is logged as dropped.
      await mail.drain(Math.min(5000, config.server.shutdownTimeoutMs));
      await mail.close();
      await bus.close();
      redis?.disconnect();
      databaseWatch.close();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, config.server.shutdownTimeoutMs).unref());
      await Promise.race([stopped, timeout]);
      server.closeAllConnections();
      await db.close();
      logger.info('stopped');
    })());
  return { url, port, realtime, close };
}

/** This node's realtime connections (sockets and long polls) by role, for the metrics. */
function openConnectionsByRole(realtime: ReturnType<typeof createRealtime>) {
  const open = { agent: 0, visitor: 0 };
  for (const conn of realtime.hub.connections.values()) open[conn.identity.kind]++;
  return open;
}
