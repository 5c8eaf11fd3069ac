import type { MessageRow } from '../../../db/models/message.js';
import type { LockedChat, NewMessageRow } from './statements.js';

/** What one batch of sends reads before it decides, all inside its transaction. */
export interface BatchFacts {
  chats: Map<number, LockedChat>;
  /** Keyed "chat:clientMsgId". */
  resends: Map<string, MessageRow>;
  /** Keyed "chat:user": the pseudo names of agents taking part. */
  participants: Map<string, string>;
}

export interface BatchWrite {
  counts: Map<number, number>;
  rows: NewMessageRow[];
  firstReplies: number[];
  now: Date;
}

/**
 * Where a batch of sends is read and written, inside one transaction that the store's owner
 * opens and commits: read() locks the chats; write() stores the accepted rows and returns them
 * keyed "chat:seq". sendMessages decides in between.
 */
export interface MessageBatchStore {
  /** `sent`: the batch's (chat, clientMsgId) pairs. */
  read(query: { chatIds: number[]; sent: [number, string][]; agentIds: number[] }): Promise<BatchFacts>;
  write(batch: BatchWrite): Promise<Map<string, MessageRow>>;
}
