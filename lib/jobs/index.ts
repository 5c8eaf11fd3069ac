import type { Config } from '../config/schema.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';
import type { Job } from './registry.js';
import { expireSessions } from './expireSessions.js';

export interface JobDeps {
  config: Config;
  db: Database;
  logger: Logger;
}

/** Every scheduled job `livechat start` runs (one file each). */
export function jobs(deps: JobDeps): Job[] {
  return [expireSessions(deps)];
}
