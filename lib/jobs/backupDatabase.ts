import type { Job } from './job.js';
import type { JobDeps } from './job.js';
import type { Alerts } from './alerts.js';
import { runScheduledBackup } from './backups/scheduledBackup.js';

/** Daily: an encrypted backup of the database, kept backups.dailyRetentionDays (30) days. */
export function backupDatabase(deps: JobDeps, alerts: Alerts): Job {
  return {
    name: 'backup-database',
    description: `encrypted database backup, kept ${deps.config.backups.dailyRetentionDays} days`,
    schedule: '30 2 * * *',
    leaseSeconds: 3600,
    run: ({ now }) => runScheduledBackup(deps, alerts, 'daily', now),
  };
}
