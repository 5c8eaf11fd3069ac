import type { Transaction } from 'sequelize';
import type { MessageRow } from '../../db/models/message.js';
import type { BatchFacts, BatchRead, BatchWrite } from '../../db/messages/statements.js';

export type { BatchFacts, BatchWrite, LockedChat, NewMessageRow } from '../../db/messages/statements.js';

/**
 * Where a batch of sends is read and written (lib/db/messages implements it), inside one
 * transaction that the store's owner opens and commits: read() locks the chats; write() stores
 * the accepted rows and returns them keyed "chat:seq". sendMessages decides in between.
 */
export interface MessageBatchStore {
  read(query: BatchRead): Promise<BatchFacts>;
  write(batch: BatchWrite): Promise<Map<string, MessageRow>>;
}

/** The stores the pipeline is given: its own transactions (group commit), or a unit of work's. */
export interface MessageStores {
  /** How many batches may run at once. */
  concurrency: number;
  /** Whether an error says the database is not answering (then every send of a batch gets it at once, not retried one by one). */
  unavailable(err: unknown): boolean;
  /** Runs fn with a store in a transaction of its own: committed when fn resolves, rolled back when it throws. */
  run<T>(fn: (store: MessageBatchStore, transaction?: Transaction) => Promise<T>): Promise<T>;
  /** A store in a unit of work's transaction (or, without one, for reading only). */
  forTransaction(transaction: Transaction | undefined): MessageBatchStore;
  close(): Promise<void>;
}
