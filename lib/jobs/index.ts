import type { Redis } from 'ioredis';
import type { Config } from '../config/schema.js';
import type { Database } from '../db/index.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../logger.js';
import type { Mailer } from '../mail/mailer.js';
import type { Job } from './job.js';
import { createAlerts } from './alerts.js';
import { expireSessions } from './expireSessions.js';
import { expireOldFiles } from './expireOldFiles.js';
import { analyticsSnapshot } from './analyticsSnapshot.js';
import { sessionCleanup } from './sessionCleanup.js';
import { backupDatabase } from './backupDatabase.js';
import { backupFull } from './backupFull.js';
import { healthCheck } from './healthCheck.js';

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

/** Every scheduled job `livechat start` runs and `livechat jobs run <name>` runs by hand (one file each). */
export function jobs(deps: JobDeps): Job[] {
  const alerts = createAlerts(deps);
  return [
    expireOldFiles(deps),
    analyticsSnapshot(deps),
    sessionCleanup(deps),
    backupDatabase(deps, alerts),
    backupFull(deps, alerts),
    healthCheck(deps, alerts),
    expireSessions(deps),
  ];
}
