import crypto from 'node:crypto';
import os from 'node:os';

/** Who holds a lease, for messages such as "backup-full is running on web2:4121 until 03:41". */
export interface LeaseHolder {
  owner: string;
  lockedUntil: Date;
}

/** A lease taken: renewed while a long run goes on, released when it ends. */
export interface Lease {
  name: string;
  owner: string;
  /** Pushes the end of the lease `leaseMs` further; false when it was lost (expired and taken). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

interface AcquireOptions {
  leaseMs: number;
  /**
   * The scheduled time of this run. With a slot, a name is taken at most once per slot, so a node
   * whose timer fires after another node's run has already finished does not run it again.
   * Null for a run by hand, which only has to wait for no other run to be going on.
   */
  slot: Date | null;
}

/**
 * Named leases shared by every node: the cluster lock of the scheduled jobs and the throttle of
 * admin alerts. Backed by the database (the job_locks table), by Redis when it is configured, or
 * by memory as the last resort of a single process (an alert while both are down).
 */
export interface LeaseStore {
  kind: 'database' | 'redis' | 'memory';
  acquire(name: string, options: AcquireOptions): Promise<Lease | null>;
  holder(name: string): Promise<LeaseHolder | null>;
}

const processId = `${os.hostname()}:${process.pid}`;

/** This process, readable by a sysadmin, plus a random part so two runs in one process differ. */
export const newOwnerId = () => `${processId}:${crypto.randomBytes(4).toString('hex')}`;

/** Whether the `ttlMs` lease on `name` could be taken: a once-per-interval claim (never released). */
export async function claim(stores: LeaseStore[], name: string, ttlMs: number): Promise<boolean> {
  let lastError: unknown = null;
  for (const store of stores) {
    try {
      return (await store.acquire(name, { leaseMs: ttlMs, slot: null })) !== null;
    } catch (err) {
      // This store is down (the database an alert is about, say): the next one decides.
      lastError = err;
    }
  }
  if (lastError) throw lastError;
  return true;
}
