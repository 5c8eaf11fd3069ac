import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { dataPaths } from '../../paths.js';

/** The folder of the scheduled backups: backups.dir (relative to the data folder), else <data>/backups. */
export const backupsDir = (config: Pick<Config, 'backups' | 'dataDir'>) =>
  config.backups.dir ? path.resolve(config.dataDir, config.backups.dir) : dataPaths(config.dataDir).backups;

/** Where file-expiry keeps a copy of each chat file it deletes (files.backupBeforeExpiry). */
export const expiredFilesDir = (config: Pick<Config, 'backups' | 'dataDir'>) => path.join(backupsDir(config), 'expired-files');
