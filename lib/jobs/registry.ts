import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.js';

export interface Job {
  name: string;
  /** A cron expression, in the configured time zone. */
  schedule: string;
  run(): Promise<void>;
}

/** Starts each job on its schedule and stops them all on shutdown. A failing run is logged, never fatal. */
export function createJobRegistry(jobs: Job[], options: { timezone: string; logger: Logger }) {
  const tasks: ScheduledTask[] = [];
  return {
    jobs,
    start() {
      for (const job of jobs) {
        const task = cron.schedule(
          job.schedule,
          async () => {
            const started = Date.now();
            try {
              await job.run();
              options.logger.info({ job: job.name, ms: Date.now() - started }, 'job finished');
            } catch (err) {
              options.logger.error({ job: job.name, err }, 'job failed');
            }
          },
          { timezone: options.timezone, name: job.name, noOverlap: true },
        );
        tasks.push(task);
      }
    },
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      tasks.length = 0;
    },
  };
}

export type JobRegistry = ReturnType<typeof createJobRegistry>;
