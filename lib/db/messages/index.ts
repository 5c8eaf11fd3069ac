import type { Sequelize, Transaction } from 'sequelize';
import { mysqlOptions, type DatabaseConfig } from '../connection.js';
import { sequelizeBatchStore } from './sequelizeStore.js';
import { createPipelinedBatches } from './mysqlPipelinedStore.js';
import { isDatabaseUnavailable } from '../unavailable.js';

/** Batches in flight at once on MySQL/MariaDB: enough to overlap commits, few enough that batches fill up. */
const MYSQL_BATCHES_AT_ONCE = 2;

/**
 * Where the message pipeline (domain/chats/messagePipeline.ts) reads and writes. A group-commit
 * batch runs in a transaction of its own: on MySQL/MariaDB two round trips on a small pipelining
 * pool of its own (Sequelize's pool does not allow several statements to a query); on SQLite, which
 * has one writer, one batch at a time through Sequelize. A message sent inside a unit of work uses
 * the same statements in that unit's transaction (forTransaction).
 */
export function createMessageStores(sequelize: Sequelize, database: DatabaseConfig) {
  const mysql = database.dialect === 'mysql' ? mysqlOptions(database) : null;
  const pipelined = mysql
    ? createPipelinedBatches({
        ...mysql,
        database: mysql.name,
        connections: MYSQL_BATCHES_AT_ONCE,
        connectTimeoutMs: database.connectTimeoutMs,
        acquireTimeoutMs: database.acquireTimeoutMs,
        queryTimeoutMs: database.queryTimeoutMs,
      })
    : null;
  const forTransaction = (transaction: Transaction | undefined) => sequelizeBatchStore(sequelize, transaction);
  let closed: Promise<void> | null = null;
  return {
    concurrency: pipelined ? MYSQL_BATCHES_AT_ONCE : 1,
    unavailable: isDatabaseUnavailable,
    /** Runs fn with a store in a transaction of its own: committed when fn resolves, rolled back when it throws. */
    run<T>(fn: (store: ReturnType<typeof forTransaction>, transaction?: Transaction) => Promise<T>): Promise<T> {
      return pipelined ? pipelined.run((store) => fn(store)) : sequelize.transaction((transaction) => fn(forTransaction(transaction), transaction));
    },
    forTransaction,
    /** Ends the pool (once: the realtime engine and the database both close it on shutdown). */
    close() {
      closed ??= pipelined ? pipelined.close() : Promise.resolve();
      return closed;
    },
  };
}

export type MessageStores = ReturnType<typeof createMessageStores>;
