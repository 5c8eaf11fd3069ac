import crypto from 'node:crypto';
import { writeConfigFile, loadConfig } from '../../lib/config/load.js';
import { openDatabase, type Database } from '../../lib/db/index.js';
import type { Config } from '../../lib/config/schema.js';
import { tmpDataDir } from './tmp.js';
import { freshDatabase, type Dialect } from './databases.js';

export interface Installed {
  dialect: Dialect;
  dataDir: string;
  config: Config;
  /** Opens the database of this install (caller closes it). */
  open(): Database;
  cleanup(): Promise<void>;
}

/**
 * A migrated, empty install in a temporary data folder, made in-process (no CLI), for tests of
 * everything that is not `livechat install` itself.
 */
export async function installFixture(dialect: Dialect, extra: Record<string, unknown> = {}): Promise<Installed> {
  const dataDir = tmpDataDir();
  const database = await freshDatabase(dialect);
  // A `database` of the overrides adds to the fresh database's settings (a query bound, say).
  const { database: databaseExtra, ...rest } = extra;
  writeConfigFile(dataDir, {
    database: { ...database.layer, ...(typeof databaseExtra === 'object' ? databaseExtra : {}) },
    secrets: {
      session: crypto.randomBytes(32).toString('hex'),
      visitorToken: crypto.randomBytes(32).toString('hex'),
      backupKey: crypto.randomBytes(32).toString('hex'),
    },
    log: { level: 'warn' },
    ...rest,
  });
  const config = loadConfig({ flags: { dataDir }, env: {} });
  const db = openDatabase(config);
  await db.migrator.up();
  await db.close();
  return { dialect, dataDir, config, open: () => openDatabase(config), cleanup: () => database.drop() };
}
