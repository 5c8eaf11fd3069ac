import { createBatchedUnitOfWork } from '../domain/batchedUnitOfWork.js';
import { sendMessages, type SendRequest, type SendOutcome } from '../domain/chats/sendMessages.js';
import { sendMessage } from '../domain/chats/sendMessage.js';
import { sequelizeBatchStore } from '../domain/chats/batch/sequelizeStore.js';
import { createPipelinedBatches } from '../domain/chats/batch/mysqlPipelinedStore.js';
import { withUnitOfWork, type UnitOfWorkDeps } from '../domain/unitOfWork.js';
import { mysqlOptions, type DatabaseConfig } from '../db/connection.js';
import type { BusEvent } from '../protocol/events.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';

/** Batches in flight at once on MySQL/MariaDB: enough to overlap commits, few enough that batches fill up. */
const MYSQL_BATCHES_AT_ONCE = 2;

/**
 * The message path with group commit: under load many sends share one transaction, one fsync
 * and a fixed set of statements; alone, a send is committed at once. On MySQL/MariaDB a batch is
 * two round trips on a small pipelining pool of its own; SQLite has one writer, so there one batch
 * runs at a time, through Sequelize. The answer is the stored message, or the reason it was refused.
 */
export function createMessageSender(deps: UnitOfWorkDeps, database: DatabaseConfig, onBatchError?: (err: unknown, size: number) => void) {
  const system = { type: 'system' } as const;
  const one = (req: SendRequest): Promise<SendOutcome> =>
    withUnitOfWork(deps, system, (ctx) => sendMessage(ctx, req.sender, req.input)).then(
      (r) => ({ ok: true as const, message: r.message, duplicate: r.duplicate }),
      (error) => ({ ok: false as const, error }),
    );
  const mysql = database.dialect === 'mysql' ? mysqlOptions(database) : null;
  const pipelined = mysql ? createPipelinedBatches({
        ...mysql,
        database: mysql.name,
        connections: MYSQL_BATCHES_AT_ONCE,
        connectTimeoutMs: database.connectTimeoutMs,
        acquireTimeoutMs: database.acquireTimeoutMs,
        queryTimeoutMs: database.queryTimeoutMs,
      }) : null;
  const batch = (emit: (e: BusEvent) => void, requests: SendRequest[]) =>
    pipelined
      ? pipelined.run((store) => sendMessages({ models: deps.models, actor: system, emit }, store, requests))
      : deps.sequelize.transaction((transaction) => sendMessages({ models: deps.models, transaction, actor: system, emit }, sequelizeBatchStore(deps.sequelize, transaction), requests));
  const batched = createBatchedUnitOfWork<SendRequest, SendOutcome>(deps.bus, batch, one, {
    maxBatch: 256,
    concurrency: pipelined ? MYSQL_BATCHES_AT_ONCE : 1,
    onBatchError,
    failsAll: isDatabaseUnavailable,
  });
  return {
    async send(req: SendRequest) {
      const outcome = await batched.run(req);
      if (!outcome.ok) throw outcome.error;
      return outcome;
    },
    async close() {
      await pipelined?.close();
    },
  };
}

export type MessageSender = ReturnType<typeof createMessageSender>;
