import client from 'prom-client';
import type { Database } from '../db/index.js';
import { pendingDeliveries } from '../db/webhooks/outbox.js';

/** What the scrape reads from the running parts (each read when /metrics is asked). */
export interface MetricSources {
  db: Pick<Database, 'sequelize' | 'models'>;
  /** This node's open sockets and long polls by role (agent, visitor). */
  openConnections(): Record<'agent' | 'visitor', number>;
  /** E-mails queued or waiting for a retry on this node. */
  mailQueue(): number;
}

interface PoolLike {
  size?: number;
  available?: number;
  using?: number;
  waiting?: number;
}

/**
 * The Prometheus metrics of one process, on a registry of its own (no global state): prom-client's
 * default process metrics (event-loop lag among them) and livechat's own. Counters and the
 * histogram are fed as things happen; gauges are read at scrape time.
 */
export function createMetrics(sources: MetricSources) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  new client.Gauge({
    name: 'livechat_open_connections',
    help: 'Open realtime connections (WebSocket or long poll) on this node, by role',
    labelNames: ['role'],
    registers: [registry],
    collect() {
      const open = sources.openConnections();
      this.set({ role: 'agent' }, open.agent);
      this.set({ role: 'visitor' }, open.visitor);
    },
  });
  const messages = new client.Counter({ name: 'livechat_messages_total', help: 'Chat messages accepted on this node, by sender', labelNames: ['sender'], registers: [registry] });
  const ackLatency = new client.Histogram({
    name: 'livechat_frame_ack_seconds',
    help: 'Time from a socket frame received to its reply (the ack of a message), by frame type and outcome',
    labelNames: ['type', 'ok'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new client.Gauge({
    name: 'livechat_waiting_chats',
    help: 'Chats waiting for an agent (all websites)',
    registers: [registry],
    async collect() {
      this.set(await sources.db.models.Chat.count({ where: { status: 'waiting' } }));
    },
  });
  new client.Gauge({
    name: 'livechat_db_pool_connections',
    help: 'The database pool of this node: size, available, using, waiting (requests queued for a connection)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = (sources.db.sequelize.connectionManager as unknown as { pool?: PoolLike & { write?: PoolLike } }).pool;
      const p = pool?.write ?? pool;
      for (const state of ['size', 'available', 'using', 'waiting'] as const) this.set({ state }, Number(p?.[state] ?? 0));
    },
  });
  const jobs = new client.Counter({ name: 'livechat_jobs_total', help: 'Scheduled job runs on this node, by job and outcome (done, failed, skipped)', labelNames: ['job', 'status'], registers: [registry] });
  new client.Gauge({
    name: 'livechat_mail_queue',
    help: 'E-mails queued or waiting for a retry on this node',
    registers: [registry],
    collect() {
      this.set(sources.mailQueue());
    },
  });
  new client.Gauge({
    name: 'livechat_webhook_backlog',
    help: 'Webhook deliveries waiting to go out (the cluster-wide outbox)',
    registers: [registry],
    async collect() {
      this.set(await pendingDeliveries(sources.db));
    },
  });
  const webhookAttempts = new client.Counter({ name: 'livechat_webhook_attempts_total', help: 'Webhook delivery attempts from this node, by outcome', labelNames: ['outcome'], registers: [registry] });

  return {
    contentType: registry.contentType,
    text: () => registry.metrics(),
    messageAccepted: (sender: string) => messages.inc({ sender }),
    frameAnswered: (type: string, ok: boolean, seconds: number) => ackLatency.observe({ type, ok: String(ok) }, seconds),
    jobRun: (job: string, status: string) => jobs.inc({ job, status }),
    webhookAttempt: (ok: boolean) => webhookAttempts.inc({ outcome: ok ? 'delivered' : 'failed' }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
