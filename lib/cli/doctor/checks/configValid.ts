import { dataPaths } from '../../../paths.js';
import type { Check } from '../types.js';

export const configValid: Check = {
  id: 'config',
  title: 'Configuration',
  categories: ['doctor', 'start', 'install'],
  async run(ctx) {
    if (ctx.config) return { status: 'pass', message: `valid (${ctx.config.database.dialect} database, port ${ctx.config.server.port})` };
    // Every problem on one line each, so one doctor run is enough to fix them all.
    return {
      status: 'fail',
      message: `${ctx.configProblems.length} problem(s): ${ctx.configProblems.join('; ')}`,
      fix: `correct these keys in ${dataPaths(ctx.dataDir).configFile} (or the LIVECHAT_* variables / flags that set them)`,
    };
  },
};
