import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.js';
import type { Job } from './job.js';
import type { LeaseStore } from '../leases/leases.js';
import { runJob } from './runJob.js';

export type { Job, JobResult, JobRunContext } from './job.js';

interface RegistryOptions {
  timezone: string;
  logger: Logger;
  /** The cluster lock: each scheduled run happens on one node. Null: this process is alone. */
  leases?: LeaseStore | null;
  /** Schedules that replace the jobs' own, by job name (config jobs.schedules). */
  schedules?: Record<string, string>;
  /** Told of each scheduled run's outcome (the metrics). */
  onOutcome?: (job: string, status: 'done' | 'skipped' | 'failed') => void;
}

/** The schedule a job runs on in this configuration. */
export const scheduleOf = (job: Job, schedules: Record<string, string> = {}) => schedules[job.name] ?? job.schedule;

/** Starts each job on its schedule and stops them all on shutdown. A failing run is logged, never fatal. */
export function createJobRegistry(jobs: Job[], options: RegistryOptions) {
  const tasks: ScheduledTask[] = [];
  const running = new Set<Promise<unknown>>();
  const log = options.logger.child({ component: 'jobs' });
  const cronLogger = {
    info: (message: string) => log.debug(message),
    warn: (message: string) => log.warn(message),
    error: (message: string | Error, err?: Error) => log.error({ err: err ?? message }, 'scheduler error'),
    debug: (message: string | Error) => log.debug(String(message)),
  };
  for (const name of Object.keys(options.schedules ?? {})) {
    if (!jobs.some((j) => j.name === name)) log.warn({ job: name }, 'jobs.schedules names a job that does not exist');
  }
  return {
    jobs,
    start() {
      for (const job of jobs) {
        const task = cron.schedule(
          scheduleOf(job, options.schedules),
          // node-cron hands the scheduled time (the slot): every node computes the same one.
          async ({ date }) => {
            const run = runJob(job, { leases: options.leases ?? null, logger: log, trigger: 'schedule', slot: date });
            running.add(run);
            const outcome = await run.finally(() => running.delete(run));
            options.onOutcome?.(job.name, outcome.status);
          },
          { timezone: options.timezone, name: job.name, noOverlap: true, logger: cronLogger },
        );
        tasks.push(task);
      }
    },
    /** Stops the schedules; a run in progress gets `graceMs` to finish (its lease covers the rest). */
    async stop(graceMs = 5000) {
      await Promise.all(tasks.map((t) => t.destroy()));
      tasks.length = 0;
      if (running.size === 0) return;
      const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.allSettled([...running]), grace]);
      if (running.size) log.warn({ running: running.size }, 'shutting down with a job still running; its lock lease runs out on its own');
    },
  };
}

export type JobRegistry = ReturnType<typeof createJobRegistry>;
