import { Op } from 'sequelize';
import type { Job } from './registry.js';
import type { JobDeps } from './index.js';

/** Deletes dashboard sessions past their expiry, hourly, so the table does not grow forever. */
export function expireSessions({ db }: JobDeps): Job {
  return {
    name: 'expire-sessions',
    schedule: '17 * * * *',
    async run() {
      await db.models.Session.destroy({ where: { expires_at: { [Op.lt]: new Date() } } });
    },
  };
}
