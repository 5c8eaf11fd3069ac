import { EventEmitter } from 'node:events';
import type { Sequelize } from 'sequelize';
import { deadline, TimeoutError } from '../deadline.js';

/** A statement that did not answer within its bound (the database is frozen, overloaded or cut off). */
export class DatabaseTimeoutError extends TimeoutError {
  override readonly code = 'LIVECHAT_DB_TIMEOUT';
  override name = 'DatabaseTimeoutError';
}

type Callback = (err: Error | null, ...rest: unknown[]) => void;

/**
 * Wraps a mysql2 callback with a deadline. Past it the callback gets a DatabaseTimeoutError and the
 * connection is destroyed: mysql2 would otherwise keep it, and every later statement on it would
 * queue behind the one that hangs (a pool then hands out stuck connections). The late answer, if
 * one comes, is dropped. The statement may still commit on the server: callers stay idempotent.
 */
export function withDeadline(conn: { destroy(): void }, ms: number, cb: Callback): Callback {
  // One shared timer for all the statements' bounds (lib/deadline.ts), not one per statement.
  const bound = deadline(ms, () => {
    conn.destroy();
    cb(new DatabaseTimeoutError('a database statement', ms));
  });
  return (err, ...rest) => {
    if (bound.clear()) cb(err, ...rest);
  };
}

type Mysql2Connection = { destroy(): void; _fatalError?: unknown; _closing?: boolean; stream?: { destroyed?: boolean } } & Record<'query' | 'execute', (sql: unknown, values?: unknown, cb?: Callback) => unknown>;

/** Sequelize types a connection as `object`; its MySQL driver's is a mysql2 Connection. */
const isMysql2Connection = (conn: object): conn is Mysql2Connection =>
  'query' in conn && typeof conn.query === 'function' && 'execute' in conn && typeof conn.execute === 'function' && 'destroy' in conn && typeof conn.destroy === 'function';

/** A connection that is gone (timed out and destroyed here, or broken): the server has rolled its transaction back already. */
const gone = (conn: Mysql2Connection) => Boolean(conn._fatalError) || conn._closing === true || conn.stream?.destroyed === true;
const isRollback = (sql: unknown) => /^\s*ROLLBACK\b/i.test(typeof sql === 'string' ? sql : String((sql as { sql?: unknown })?.sql ?? ''));

/**
 * Bounds every statement Sequelize sends to MySQL/MariaDB (Sequelize has no query timeout of its
 * own). Installed by the running server after migrations, so a long ALTER TABLE is never cut off.
 */
export function boundQueries(sequelize: Sequelize, ms: number): void {
  if (sequelize.getDialect() !== 'mysql') return;
  const manager = sequelize.connectionManager;
  const original = manager.getConnection.bind(manager);
  const bounded = new WeakSet<object>();
  manager.getConnection = async (options) => {
    const conn = await original(options);
    if (isMysql2Connection(conn) && !bounded.has(conn)) {
      bounded.add(conn);
      for (const method of ['query', 'execute'] as const) {
        const call = conn[method].bind(conn);
        conn[method] = (sql, values, cb) => {
          if (typeof values === 'function') [values, cb] = [undefined, values as Callback];
          // Sequelize rolls back on the connection a timeout destroyed, fails, and prints a warning
          // to stderr for every such transaction; the server rolled back when the link went.
          if (cb && gone(conn) && isRollback(sql)) {
            const answered = cb;
            setImmediate(() => answered(null, { affectedRows: 0 }));
            return new EventEmitter();
          }
          return call(sql, values, cb ? withDeadline(conn, ms, cb) : cb);
        };
      }
    }
    return conn;
  };
}
