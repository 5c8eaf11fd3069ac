import { Op, UniqueConstraintError, type WhereOptions } from 'sequelize';
import type { Database } from '../db/index.js';
import { jobLockModel, type JobLockRow } from '../db/models/jobLock.js';
import { newOwnerId, type Lease, type LeaseStore } from './leases.js';
import { systemClock, type Clock } from '../clock.js';

/**
 * Leases as rows of job_locks, dialect-neutral: an INSERT takes a free name; a conditional UPDATE
 * takes one whose lease ran out (and, for a scheduled run, whose last slot is older). Both are
 * single statements the database serializes, so of two nodes exactly one gets the row.
 */
export function databaseLeases(db: Pick<Database, 'sequelize'>, clock: Clock = systemClock): LeaseStore {
  const JobLock = jobLockModel(db.sequelize);

  const leaseFor = (name: string, owner: string, leaseMs: number): Lease => ({
    name,
    owner,
    async renew() {
      const [changed] = await JobLock.update({ locked_until: new Date(clock.now() + leaseMs) }, { where: { name, owner } });
      return changed === 1;
    },
    async release() {
      await JobLock.update({ locked_until: new Date(clock.now()) }, { where: { name, owner } });
    },
  });

  return {
    kind: 'database',
    async acquire(name, { leaseMs, slot }) {
      const now = new Date(clock.now());
      const owner = newOwnerId();
      const lockedUntil = new Date(now.getTime() + leaseMs);
      try {
        await JobLock.create({ name, owner, locked_until: lockedUntil, last_slot: slot });
        return leaseFor(name, owner, leaseMs);
      } catch (err) {
        if (!(err instanceof UniqueConstraintError)) throw err;
      }
      const where: WhereOptions<JobLockRow> = { name, locked_until: { [Op.lte]: now } };
      if (slot) Object.assign(where, { [Op.or]: [{ last_slot: null }, { last_slot: { [Op.lt]: slot } }] });
      const [changed] = await JobLock.update({ owner, locked_until: lockedUntil, ...(slot ? { last_slot: slot } : {}) }, { where });
      return changed === 1 ? leaseFor(name, owner, leaseMs) : null;
    },
    async holder(name) {
      const row = await JobLock.findOne({ where: { name } });
      return row && new Date(row.locked_until).getTime() > clock.now() ? { owner: row.owner, lockedUntil: new Date(row.locked_until) } : null;
    },
  };
}
