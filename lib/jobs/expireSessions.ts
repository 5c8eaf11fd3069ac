import { Op } from 'sequelize';
import type { Job } from './registry.js';
import type { JobDeps } from './job.js';
import { deleteEndedWindows } from '../domain/auth/loginFailures.js';

/** Deletes dashboard sessions past their expiry and ended sign-in lockout counts, hourly, so the tables do not grow forever. */
export function expireSessions({ db }: JobDeps): Job {
  return {
    name: 'expire-sessions',
    description: 'deletes dashboard sign-ins past their expiry and sign-in lockout counts whose window has ended',
    schedule: '17 * * * *',
    async run({ now }) {
      const deleted = await db.models.Session.destroy({ where: { expires_at: { [Op.lt]: now } } });
      const lockoutCounts = await deleteEndedWindows(db.sequelize, now.getTime());
      return { summary: `${deleted} expired sign-in(s) deleted, ${lockoutCounts} ended lockout count(s)`, details: { deleted, lockoutCounts } };
    },
  };
}
