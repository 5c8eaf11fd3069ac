import path from 'node:path';
import { Sequelize, Transaction, type Options, type TransactionOptions } from 'sequelize';
import type { Config } from '../config/schema.js';
import { ownerOnlySqliteFiles } from './sqliteFileModes.js';

export type DatabaseConfig = Config['database'];

interface MysqlOptions {
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
/** Sequelize types a connection as `object`; its SQLite driver's is a node-sqlite3 Database. */
const isSqliteHandle = (conn: object): conn is SqliteHandle => 'run' in conn && typeof conn.run === 'function';

/**
 * WAL (readers never block the writer, so a backup does not stall chats), a busy timeout instead
 * of instant SQLITE_BUSY (database.queryTimeoutMs bounds a wait for the write lock), and
 * synchronous=FULL so an acked message survives a power cut too.
 * Sequelize's SQLite driver does not fire afterConnect hooks, so the connection manager is wrapped.
 */
function applyPragmasOnConnect(sequelize: Sequelize, busyTimeoutMs: number) {
  const manager = sequelize.connectionManager;
  const original = manager.getConnection.bind(manager);
  const ready = new WeakSet<object>();
  manager.getConnection = async (options) => {
    const conn = await original(options);
    if (isSqliteHandle(conn) && !ready.has(conn)) {
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
 * turns here (a savepoint inside a running transaction, or an unmanaged transaction, goes
 * straight through). A subclass with Sequelize's own overloads, so every caller stays typed.
 */
class TurnTakingSequelize extends Sequelize {
  private tail: Promise<unknown> = Promise.resolve();

  override transaction<T>(options: TransactionOptions, autoCallback: (t: Transaction) => PromiseLike<T>): Promise<T>;
  override transaction<T>(autoCallback: (t: Transaction) => PromiseLike<T>): Promise<T>;
  override transaction(options?: TransactionOptions): Promise<Transaction>;
  override transaction<T>(first?: TransactionOptions | ((t: Transaction) => PromiseLike<T>), second?: (t: Transaction) => PromiseLike<T>): Promise<T | Transaction> {
    const options = typeof first === 'function' ? {} : (first ?? {});
    const callback = typeof first === 'function' ? first : second;
    if (!callback) return super.transaction(options);
    if (options.transaction) return super.transaction(options, callback);
    const run = () => super.transaction(options, callback);
    const result = this.tail.then(run, run);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
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
    const sequelize = new TurnTakingSequelize({
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
