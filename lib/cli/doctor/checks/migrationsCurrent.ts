import { skipWithoutConfig, type Check } from '../types.js';

export const migrationsCurrent: Check = {
  id: 'migrations',
  title: 'Database schema current',
  categories: ['doctor', 'start'],
  async run(ctx) {
    if (!ctx.config) return skipWithoutConfig;
    let db;
    try {
      db = await ctx.database();
    } catch {
      // The database check already says why; one failure is reported once.
      return { status: 'skip', message: 'skipped: the database is not reachable' };
    }
    const { executed, pending } = await db.migrator.status();
    if (pending.length === 0) return { status: 'pass', message: `${executed.length} migrations applied, none pending` };
    return {
      status: 'fail',
      message: `${pending.length} migration(s) pending: ${pending.join(', ')}`,
      fix: 'run livechat migrate up (take a backup first: livechat backup)',
    };
  },
};
