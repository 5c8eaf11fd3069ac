import { Op } from 'sequelize';
import type { Job } from './registry.js';
import type { JobDeps } from './index.js';

/** Deletes dashboard sessions past their expiry, hourly, so the table does not grow forever. */
export function expireSessions({ db }: JobDeps): Job {
  return {
    name: 'expire-sessions',
    description: 'deletes dashboard sign-ins past their expiry',
    schedule: '17 * * * *',
    async run({ now }) {
      const deleted = await db.models.Session.destroy({ where: { expires_at: { [Op.lt]: now } } });
      return { summary: `${deleted} expired sign-in(s) deleted`, details: { deleted } };
    },
  };
}
