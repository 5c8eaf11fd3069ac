import type { Logger } from '../logger.js';
import type { Job, JobResult } from './job.js';
import type { LeaseHolder, LeaseStore } from '../leases/leases.js';

const DEFAULT_LEASE_SECONDS = 600;

type JobOutcome =
  | { job: string; status: 'done'; ms: number; summary: string; details?: Record<string, unknown> }
  | { job: string; status: 'skipped'; reason: 'running elsewhere'; heldBy: LeaseHolder | null }
  | { job: string; status: 'failed'; ms: number; error: string };

interface RunJobOptions {
  /** The cluster lock; null runs without one (a single process that knows it is alone). */
  leases: LeaseStore | null;
  logger: Logger;
  now?: Date;
  trigger: 'schedule' | 'manual';
  /** The scheduled time of this run (scheduled runs only): taken once per slot cluster-wide. */
  slot?: Date | null;
}

/**
 * Runs one job under the cluster lock: a node that does not get the lock skips the run (another
 * node has it); the lease is renewed while the run goes on and released at the end. A failing
 * run is logged and reported, never thrown: a job never takes the server down.
 */
export async function runJob(job: Job, options: RunJobOptions): Promise<JobOutcome> {
  const { logger } = options;
  const leaseMs = (job.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000;
  const locked = (job.scope ?? 'cluster') === 'cluster' && options.leases;
  let lease = null;
  if (locked) {
    try {
      lease = await options.leases!.acquire(`job:${job.name}`, { leaseMs, slot: options.slot ?? null });
    } catch (err) {
      // Fail closed: without the lock, running could mean running twice.
      logger.error({ job: job.name, slot: options.slot, err }, 'job not run: the cluster lock cannot be taken');
      return { job: job.name, status: 'failed', ms: 0, error: `the cluster lock (${options.leases!.kind}) cannot be taken: ${(err as Error).message}` };
    }
    if (!lease) {
      const heldBy = await options.leases!.holder(`job:${job.name}`).catch(() => null);
      logger.info({ job: job.name, slot: options.slot, heldBy }, 'job skipped: another node runs it');
      return { job: job.name, status: 'skipped', reason: 'running elsewhere', heldBy };
    }
  }
  const renewal = lease
    ? setInterval(() => {
        lease!.renew().then(
          (kept) => kept || logger.warn({ job: job.name }, 'job lock lost: the run took longer than its lease and another node may start it'),
          (err) => logger.warn({ job: job.name, err }, 'job lock renewal failed'),
        );
      }, leaseMs / 3)
    : null;
  renewal?.unref();
  const started = Date.now();
  try {
    const result: JobResult | void = await job.run({ now: options.now ?? new Date(), trigger: options.trigger });
    const ms = Date.now() - started;
    const summary = result?.summary ?? 'done';
    logger.info({ job: job.name, slot: options.slot, trigger: options.trigger, ms, summary, ...result?.details }, 'job finished');
    return { job: job.name, status: 'done', ms, summary, ...(result?.details ? { details: result.details } : {}) };
  } catch (err) {
    logger.error({ job: job.name, slot: options.slot, trigger: options.trigger, err }, 'job failed');
    return { job: job.name, status: 'failed', ms: Date.now() - started, error: (err as Error).message ?? String(err) };
  } finally {
    if (renewal) clearInterval(renewal);
    await lease?.release().catch((err) => logger.warn({ job: job.name, err }, 'job lock release failed'));
  }
}
