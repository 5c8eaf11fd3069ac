import os from 'node:os';
import type { Job } from './job.js';
import type { JobDeps } from './job.js';
import type { Alerts } from './alerts.js';
import { healthChecks } from './health/probes.js';

const WHAT_TO_DO: Record<string, string> = {
  disk: 'Free space on that disk: old backups are in the backups folder; chat files expire after files.retentionDays.',
  database: 'Check that the database server runs and accepts livechat (`livechat doctor` shows the connection settings).',
  redis: 'Check that Redis runs (systemctl status redis); while it is down, nodes do not hear each other.',
};

/**
 * Every 5 minutes on every node (its own disk): low disk space, database or Redis unreachable
 * -> an alert e-mail to the admins, at most once per health.alertIntervalMinutes per problem.
 */
export function healthCheck(deps: JobDeps, alerts: Alerts): Job {
  return {
    name: 'health',
    description: `alerts the admins on low disk (< ${deps.config.health.minFreeDiskGb} GB), database or Redis unreachable`,
    schedule: '*/5 * * * *',
    scope: 'node',
    async run({ now }) {
      const checks = await healthChecks(deps);
      const failing = Object.entries(checks).filter(([, probe]) => !probe.ok);
      const alerted: string[] = [];
      const unmailed: string[] = [];
      for (const [check, probe] of failing) {
        // Disk space is per machine; the database and Redis are shared by the cluster.
        const problem = check === 'disk' ? `disk:${os.hostname()}` : check;
        const title = check === 'disk' ? `Low disk space on ${os.hostname()}` : `${check === 'redis' ? 'Redis' : 'The database'} is unreachable from ${os.hostname()}`;
        const raised = await alerts.raise({ problem, title, lines: [probe.message, WHAT_TO_DO[check]], at: now });
        if (raised === 'sent') alerted.push(check);
        if (raised === 'no-mail') unmailed.push(check);
      }
      if (!failing.length) return { summary: 'all checks pass', details: { checks } };
      const mailed = unmailed.length ? `not e-mailed (smtp.url is not set): ${unmailed.join(', ')}` : `alerted now: ${alerted.join(', ') || 'none (already alerted within the interval)'}`;
      return { summary: `problems: ${failing.map(([c]) => c).join(', ')}; ${mailed}`, details: { checks, alerted } };
    },
  };
}
