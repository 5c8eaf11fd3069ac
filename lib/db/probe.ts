import mysql from 'mysql2';
import type { Config } from '../config/schema.js';
import type { Database } from './index.js';
import { mysqlOptions } from './connection.js';
import { within } from '../deadline.js';
import { DatabaseTimeoutError } from './deadline.js';

/** Resolves when the database answers `SELECT 1` within ms; rejects saying why otherwise. */
export type DatabaseProbe = (ms: number) => Promise<void>;

/**
 * A probe that never queues behind requests: on MySQL/MariaDB it opens a connection of its own
 * each time (the pool may be full of statements waiting on a frozen server), bounded as a whole.
 * SQLite is a file in this process: a bounded query through the one connection is enough.
 */
export function createDatabaseProbe(config: Pick<Config, 'database'>, db: Pick<Database, 'sequelize' | 'dialect'>): DatabaseProbe {
  if (db.dialect === 'sqlite') return (ms) => within(db.sequelize.query('SELECT 1'), ms, 'the SQLite database', DatabaseTimeoutError).then(() => undefined);
  const m = mysqlOptions(config.database);
  return (ms) => {
    const conn = mysql.createConnection({
      host: m.host,
      port: m.port,
      ...(m.socketPath ? { socketPath: m.socketPath } : {}),
      user: m.user,
      password: m.password,
      database: m.name,
      connectTimeout: ms,
    });
    conn.on('error', () => {});
    const answered = new Promise<void>((resolve, reject) => conn.query('SELECT 1', (err) => (err ? reject(err) : resolve())));
    return within(answered, ms, 'the database', DatabaseTimeoutError).finally(() => conn.destroy());
  };
}
