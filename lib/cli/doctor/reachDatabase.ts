import fs from 'node:fs';
import type { Config } from '../../config/schema.js';
import { openDatabase, type Database } from '../../db/index.js';
import { mysqlOptions, sqliteFile } from '../../db/connection.js';
import { dataPaths } from '../../paths.js';

/** Why the database cannot be used, and what to do about it. */
export class DatabaseUnreachableError extends Error {
  constructor(message: string, readonly fix: string) {
    super(message);
    this.name = 'DatabaseUnreachableError';
  }
}

/** Where the database is, for messages (never with the password). */
export function describeDatabase(config: Pick<Config, 'database' | 'dataDir'>): string {
  if (config.database.dialect === 'sqlite') return `SQLite ${sqliteFile(config.database, config.dataDir)}`;
  const m = mysqlOptions(config.database);
  return `MySQL ${m.user}@${m.socketPath ? `unix:${m.socketPath}` : `${m.host}:${m.port}`}/${m.name}`;
}

/**
 * Opens the database and proves it answers. A missing SQLite file is an error here rather than
 * silently created empty, which is what opening it would do: a diagnosis must change nothing.
 */
export async function reachDatabase(config: Pick<Config, 'database' | 'dataDir'>): Promise<Database> {
  const where = describeDatabase(config);
  const settingsFix = `check the database settings in ${dataPaths(config.dataDir).configFile}`;
  if (config.database.dialect === 'sqlite') {
    const file = sqliteFile(config.database, config.dataDir);
    if (!fs.existsSync(file)) throw new DatabaseUnreachableError(`${where} does not exist`, `run \`livechat install\`, or ${settingsFix} (database.storage)`);
    try {
      fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    } catch {
      throw new DatabaseUnreachableError(`${where} is not readable and writable by this user`, `run livechat as the owner of ${file}, or: chown "$(id -un)" ${file}`);
    }
  }
  const db = openDatabase(config);
  try {
    await db.sequelize.authenticate();
    // SELECT 1 never reads a SQLite file's pages; reading its schema proves the file is a database.
    if (db.dialect === 'sqlite') await db.sequelize.query('SELECT count(*) FROM sqlite_master');
    return db;
  } catch (err) {
    await db.close().catch(() => {});
    const reason = (err as { original?: Error }).original?.message ?? (err as Error).message;
    throw new DatabaseUnreachableError(`cannot reach ${where}: ${reason}`, settingsFix);
  }
}
