import mysql, { type Pool, type PoolConnection } from 'mysql2';
import { mariadbWithReturning } from './sequelizeStore.js';
import * as sql from './statements.js';
import type { BatchFacts, BatchRead, BatchWrite } from './statements.js';
import { DatabaseTimeoutError, withDeadline } from '../deadline.js';
import { deadline } from '../../deadline.js';

type Rows = Record<string, unknown>[];

/**
 * The batch's statements on MySQL/MariaDB, pipelined: START TRANSACTION and every read in one
 * round trip, every write and COMMIT in a second, on a small pool of its own that allows several
 * statements to a query (Sequelize's pool does not). Every value still goes through placeholders.
 * Two round trips instead of eight matter here because each one is a pair of context switches
 * and socket syscalls, which cost more than the statements on a busy machine. mysql2's callback
 * API: its promise wrapper captures a stack trace for every query, a cost on this path.
 */
export function createPipelinedBatches(options: {
  host: string;
  port: number;
  socketPath?: string;
  user: string;
  password: string;
  database: string;
  connections: number;
  /** Bounds: opening a connection, waiting for a free one, and each round trip. */
  connectTimeoutMs: number;
  acquireTimeoutMs: number;
  queryTimeoutMs: number;
  /** Overrides what the server is found to support (tests take MySQL's path on MariaDB with it). */
  returning?: boolean;
}) {
  const pool: Pool = mysql.createPool({
    host: options.host,
    port: options.port,
    ...(options.socketPath ? { socketPath: options.socketPath } : {}),
    user: options.user,
    password: options.password,
    database: options.database,
    connectionLimit: options.connections,
    charset: 'utf8mb4',
    // As Sequelize stores them: DATETIME in UTC.
    timezone: 'Z',
    multipleStatements: true,
    supportBigNumbers: true,
    connectTimeout: options.connectTimeoutMs,
  });
  const ms = options.queryTimeoutMs;
  let returning: Promise<boolean> | null = options.returning === undefined ? null : Promise.resolve(options.returning);

  return {
    /** Runs fn with a store in one transaction on one connection: committed by write(), or at the end; rolled back on failure. */
    async run<T>(fn: (store: PipelinedStore) => Promise<T>): Promise<T> {
      returning ??= acquire(pool, options.acquireTimeoutMs)
        .then((conn) => query(conn, 'SELECT VERSION() AS v', [], ms).finally(() => conn.release()))
        .then((rows) => mariadbWithReturning(String((rows as { v: string }[])[0].v)));
      const withReturning = await returning.catch((err) => {
        returning = null;
        throw err;
      });
      const conn = await acquire(pool, options.acquireTimeoutMs);
      const state = { open: false, committed: false };
      try {
        const result = await fn(store(conn, withReturning, state, ms));
        if (state.open && !state.committed) await query(conn, 'COMMIT', [], ms);
        return result;
      } catch (err) {
        // A timed-out connection is destroyed already (the server rolls back what it had open).
        if (state.open && !state.committed && !(err instanceof DatabaseTimeoutError)) await query(conn, 'ROLLBACK', [], ms).catch(() => conn.destroy());
        throw err;
      } finally {
        conn.release();
      }
    },
    close: () => new Promise<void>((resolve) => pool.end(() => resolve())),
  };
}

export type PipelinedBatches = ReturnType<typeof createPipelinedBatches>;

const query = (conn: PoolConnection, text: string, values: unknown[], ms: number) =>
  new Promise<unknown>((resolve, reject) => conn.query(text, values, withDeadline(conn, ms, (err, results) => (err ? reject(err) : resolve(results)))));

/** A pooled connection within ms (mysql2's pool has no bound of its own); one that comes later goes back to the pool. */
function acquire(pool: Pool, ms: number): Promise<PoolConnection> {
  return new Promise((resolve, reject) => {
    const bound = deadline(ms, () => reject(new DatabaseTimeoutError('a connection from the message pool', ms)));
    pool.getConnection((err, conn) => {
      if (!bound.clear()) return conn?.release();
      if (err) reject(err);
      else resolve(conn);
    });
  });
}

/** Several statements as one query; the result sets come back in order. */
async function pipeline(conn: PoolConnection, statements: sql.Statement[], ms: number): Promise<unknown[]> {
  const results = await query(conn, statements.map((s) => s.sql).join(';\n'), statements.flatMap((s) => s.values), ms);
  return statements.length === 1 ? [results] : (results as unknown[]);
}

type PipelinedStore = ReturnType<typeof store>;

function store(conn: PoolConnection, returning: boolean, state: { open: boolean; committed: boolean }, ms: number) {
  return {
    async read({ chatIds, sent, agentIds }: BatchRead): Promise<BatchFacts> {
      const reads = [sql.lockChats(chatIds, true), sql.findResends(sent), ...(agentIds.length ? [sql.activeParticipants(chatIds, agentIds)] : [])];
      state.open = true;
      const [, chats, resends, participants] = await pipeline(conn, [{ sql: 'START TRANSACTION', values: [] }, ...reads], ms);
      return {
        chats: sql.parseChats(chats as Rows),
        resends: sql.parseResends(resends as Rows),
        participants: participants ? sql.parseParticipants(participants as Rows) : new Map<string, string>(),
      };
    },
    async write({ counts, rows, firstReplies, now }: BatchWrite) {
      const webhooks = sql.recordMessageWebhooks(rows, now);
      const writes = [
        sql.advanceSeqs(counts, now),
        sql.insertMessages(rows, now, returning),
        ...(returning ? [] : [sql.insertedIds(rows)]),
        ...(firstReplies.length ? [sql.markFirstResponses(firstReplies, now)] : []),
        ...(webhooks ? [webhooks] : []),
        { sql: 'COMMIT', values: [] },
      ];
      const results = await pipeline(conn, writes, ms);
      state.committed = true;
      return sql.parseInserted(rows, (returning ? results[1] : results[2]) as Rows, now);
    },
  };
}
