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
