import type { Redis } from 'ioredis';
import type { Config } from '../config/schema.js';
import type { Database } from '../db/index.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../logger.js';
import type { Mailer } from '../mail/mailer.js';

/** What a run is told: the time it runs as, and why it runs. */
export interface JobRunContext {
  /** The time the run works as of (the wall clock, or `livechat jobs run --at`). */
  now: Date;
  trigger: 'schedule' | 'manual';
}

/** What a run reports: one line for people, figures for scripts and logs. */
export interface JobResult {
  summary: string;
  details?: Record<string, unknown>;
}

export interface Job {
  name: string;
  /** One line for `livechat jobs list`. */
  description?: string;
  /** A cron expression, in the configured time zone (jobs.schedules may replace it). */
  schedule: string;
  /**
   * 'cluster' (the default): each run happens on one node only, under the cluster lock.
   * 'node': every node runs it (checks of the node itself, such as its free disk).
   */
  scope?: 'cluster' | 'node';
  /** How long a run may hold the lock without renewing it (it renews while running); default 10 minutes. */
  leaseSeconds?: number;
  run(context: JobRunContext): Promise<JobResult | void>;
}

/** What every job is built from (lib/jobs/index.ts builds them all from one). */
export interface JobDeps {
  config: Config;
  db: Database;
  logger: Logger;
  /** Where domain operations run by jobs publish (closing a chat tells its sockets and sends its transcript). */
  bus: EventBus;
  mail: Mailer;
  redis: Redis | null;
  /**
   * Whether a visitor (widget) or an agent (dashboard) has a live connection anywhere in the
   * cluster, when this process can tell (the server; the CLI with Redis). Without it, session
   * cleanup takes visitors offline by inactivity alone and leaves agents' status as it is.
   */
  isConnected?: (kind: 'visitor' | 'agent', id: number) => Promise<boolean>;
}
