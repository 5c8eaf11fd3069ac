import type { Job } from './job.js';
import type { JobDeps } from './job.js';
import type { Alerts } from './alerts.js';
import { runScheduledBackup } from './backups/scheduledBackup.js';

/** Weekly (Sunday night): an encrypted backup of the database and the files, kept backups.weeklyRetentionDays (90) days. */
export function backupFull(deps: JobDeps, alerts: Alerts): Job {
  return {
    name: 'backup-full',
    description: `encrypted backup of database and files, kept ${deps.config.backups.weeklyRetentionDays} days`,
    schedule: '0 4 * * 0',
    leaseSeconds: 3600,
    run: ({ now }) => runScheduledBackup(deps, alerts, 'weekly', now),
  };
}
