import path from 'node:path';
import { Sequelize, Transaction, type Options } from 'sequelize';
import type { Config } from '../config/schema.js';
import { ownerOnlySqliteFiles } from './sqliteFileModes.js';

export type DatabaseConfig = Config['database'];

export interface MysqlOptions {
  host: string;
  port: number;
  /** A Unix socket path: when set, host and port are not used. */
  socketPath?: string;
  user: string;
  password: string;
  name: string;
}

/**
 * Connection options for MySQL/MariaDB from either database.url (`?socket=/path` for a Unix
 * socket) or host/port/socket/user/password/name.
 */
export function mysqlOptions(db: DatabaseConfig): MysqlOptions {
  if (db.url) {
    const u = new URL(db.url);
    const socketPath = u.searchParams.get('socket') || db.socket || undefined;
    return {
      host: u.hostname,
      port: u.port ? Number(u.port) : 3306,
      ...(socketPath ? { socketPath } : {}),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      name: u.pathname.replace(/^\//, '') || db.name,
    };
  }
  return { host: db.host, port: db.port, ...(db.socket ? { socketPath: db.socket } : {}), user: db.user, password: db.password, name: db.name };
}

export function sqliteFile(db: DatabaseConfig, dataDir: string): string {
  return path.isAbsolute(db.storage) ? db.storage : path.join(dataDir, db.storage);
}

type SqliteHandle = { run: (sql: string, cb: (err: Error | null) => void) => void };

/**
 * WAL (readers never block the writer, so a backup does not stall chats), a busy timeout instead
 * of instant SQLITE_BUSY (database.queryTimeoutMs bounds a wait for the write lock), and
 * synchronous=FULL so an acked message survives a power cut too.
 * Sequelize's SQLite driver does not fire afterConnect hooks, so the connection manager is wrapped.
 */
function applyPragmasOnConnect(sequelize: Sequelize, busyTimeoutMs: number) {
  const manager = sequelize.connectionManager as unknown as { getConnection: (options?: unknown) => Promise<SqliteHandle> };
  const original = manager.getConnection.bind(manager);
  const ready = new WeakSet<object>();
  manager.getConnection = async (options?: unknown) => {
    const conn = await original(options);
    if (!ready.has(conn)) {
      ready.add(conn);
      const run = (sql: string) => new Promise<void>((resolve, reject) => conn.run(sql, (err) => (err ? reject(err) : resolve())));
      // busy_timeout first: every later statement (switching to WAL included) may meet a lock.
      await run(`PRAGMA busy_timeout = ${Math.round(busyTimeoutMs)}`);
      await run('PRAGMA journal_mode = WAL');
      await run('PRAGMA synchronous = FULL');
      await run('PRAGMA foreign_keys = ON');
    }
    return conn;
  };
}

/**
 * SQLite has one writer. Sequelize gives each transaction its own connection, and node-sqlite3
 * runs statements on libuv's small thread pool, so many transactions waiting on the write lock
 * can fill that pool and stall the one holding it. Transactions of this process therefore take
 * turns here (a savepoint inside a running transaction goes straight through).
 */
function serializeTransactions(sequelize: Sequelize) {
  const original = sequelize.transaction.bind(sequelize) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  (sequelize as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = (...args: unknown[]) => {
    const managed = args.some((a) => typeof a === 'function');
    const nested = typeof args[0] === 'object' && args[0] !== null && 'transaction' in (args[0] as object) && (args[0] as { transaction?: unknown }).transaction;
    if (!managed || nested) return original(...args);
    const run = () => original(...args);
    const result = tail.then(run, run);
    tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };
}

/** One Sequelize instance for the configured dialect. No global state: tests open several side by side. */
export function createSequelize(db: DatabaseConfig, dataDir: string, log?: (sql: string) => void): Sequelize {
  const common: Options = {
    logging: log ?? false,
    define: { underscored: true, timestamps: true, createdAt: 'created_at', updatedAt: 'updated_at' },
  };
  if (db.dialect === 'sqlite') {
    const storage = sqliteFile(db, dataDir);
    ownerOnlySqliteFiles(storage);
    const sequelize = new Sequelize({
      ...common,
      dialect: 'sqlite',
      storage,
      // One connection: SQLite serializes writes anyway, and a single handle keeps transactions sane.
      pool: { max: 1, min: 0, idle: 60_000 },
      // No retries on SQLITE_BUSY: it comes only after busy_timeout (database.queryTimeoutMs) has
      // been waited out, and five more waits made a held lock cost six times the bound. Past it the
      // request is answered `unavailable` and the client tries again.
      retry: { max: 1 },
      // Take the write lock when a transaction begins, so a second process (a CLI command next to
      // the server) waits on busy_timeout instead of failing on a stale read snapshot.
      transactionType: Transaction.TYPES.IMMEDIATE,
    });
    applyPragmasOnConnect(sequelize, db.queryTimeoutMs);
    serializeTransactions(sequelize);
    return sequelize;
  }
  const m = mysqlOptions(db);
  return new Sequelize(m.name, m.user, m.password, {
    ...common,
    dialect: 'mysql',
    host: m.host,
    port: m.port,
    // Bounded waits: a database that stops answering fails requests (answered `unavailable`)
    // instead of queueing them for as long as it is gone. Statements are bounded by boundQueries.
    pool: { max: db.poolMax, min: 0, idle: 30_000, acquire: db.acquireTimeoutMs },
    dialectOptions: { charset: 'utf8mb4', dateStrings: false, supportBigNumbers: true, connectTimeout: db.connectTimeoutMs, ...(m.socketPath ? { socketPath: m.socketPath } : {}) },
    define: { ...common.define, charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
    timezone: '+00:00',
  });
}
