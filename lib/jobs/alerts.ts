import type { AdminAlert } from '../mail/mailer.js';
import { claim, type LeaseStore } from '../leases/leases.js';
import { databaseLeases } from '../leases/databaseLeases.js';
import { memoryLeases } from '../leases/memoryLeases.js';
import { redisLeases } from '../leases/redisLeases.js';
import type { JobDeps } from './job.js';

/**
 * Admin alerts from the jobs, each problem at most once per health.alertIntervalMinutes across the
 * cluster. The throttle lives in Redis, else the database, else (both down) this process's memory.
 */
export function createAlerts(deps: Pick<JobDeps, 'config' | 'db' | 'logger' | 'mail' | 'redis'>) {
  const stores: LeaseStore[] = [
    ...(deps.redis ? [redisLeases(deps.redis, deps.config.redis.keyPrefix)] : []),
    databaseLeases(deps.db),
    memoryLeases(),
  ];
  const intervalMs = deps.config.health.alertIntervalMinutes * 60_000;
  return {
    /**
     * Raises an alert (always logged): 'sent' when it was e-mailed now, 'throttled' when it was
     * within the interval, 'no-mail' when there is no smtp.url to send it with.
     */
    async raise(alert: AdminAlert): Promise<'sent' | 'throttled' | 'no-mail'> {
      deps.logger.warn({ problem: alert.problem, title: alert.title, lines: alert.lines }, 'admin alert');
      if (!(await claim(stores, `alert:${alert.problem}`, intervalMs))) return 'throttled';
      if (!deps.mail.enabled) {
        deps.logger.error({ problem: alert.problem }, 'admin alert not e-mailed: smtp.url is not set');
        return 'no-mail';
      }
      deps.mail.adminAlert(alert);
      return 'sent';
    },
  };
}

export type Alerts = ReturnType<typeof createAlerts>;
