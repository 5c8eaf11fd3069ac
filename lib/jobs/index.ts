import type { Job, JobDeps } from './job.js';
import { createAlerts } from './alerts.js';
import { expireSessions } from './expireSessions.js';
import { expireOldFiles } from './expireOldFiles.js';
import { analyticsSnapshot } from './analyticsSnapshot.js';
import { sessionCleanup } from './sessionCleanup.js';
import { backupDatabase } from './backupDatabase.js';
import { backupFull } from './backupFull.js';
import { healthCheck } from './healthCheck.js';
import { scheduledReports } from './scheduledReports.js';

// The jobs import JobDeps from job.ts, not from here: this file imports them (no cycle).
export type { JobDeps } from './job.js';

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
    scheduledReports(deps),
  ];
}
