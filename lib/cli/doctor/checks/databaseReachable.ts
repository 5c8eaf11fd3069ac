import { describeDatabase, DatabaseUnreachableError } from '../reachDatabase.js';
import { skipWithoutConfig, type Check } from '../types.js';

export const databaseReachable: Check = {
  id: 'database',
  title: 'Database reachable',
  categories: ['doctor', 'start'],
  async run(ctx) {
    if (!ctx.config) return skipWithoutConfig;
    try {
      await ctx.database();
      return { status: 'pass', message: `connected to ${describeDatabase(ctx.config)}` };
    } catch (err) {
      if (err instanceof DatabaseUnreachableError) return { status: 'fail', message: err.message, fix: err.fix };
      throw err;
    }
  },
};
