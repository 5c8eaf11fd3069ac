import crypto from 'node:crypto';
import { z } from 'zod';
import type { MessageRow } from '../models/message.js';

/**
 * The statements of the message pipeline (domain/chats/sendMessages.ts), as SQL text with `?`
 * placeholders and their values, and the parsers of what they return. Both stores run these same
 * statements: one by one through Sequelize (SQLite, and MySQL/MariaDB in a Sequelize transaction),
 * or pipelined on MySQL/MariaDB, several to a round trip.
 */

export interface Statement {
  sql: string;
  values: unknown[];
}

export interface LockedChat {
  id: number;
  client_id: number;
  visitor_id: number;
  status: string;
  first_response_at: Date | null;
  last_seq: number;
  visitor_name: string | null;
}

/** A row the pipeline inserts: a text message, or a shared file (body null, file columns set). */
export type NewMessageRow = Pick<
  MessageRow,
  'chat_id' | 'seq' | 'client_msg_id' | 'sender_type' | 'sender_id' | 'message_type' | 'body' | 'is_internal' | 'file_path' | 'file_name' | 'file_size' | 'file_type' | 'reply_to_id'
>;

/** What one batch reads before it decides (see domain/chats/messageStore.ts). */
export interface BatchFacts {
  chats: Map<number, LockedChat>;
  /** Keyed "chat:clientMsgId". */
  resends: Map<string, MessageRow>;
  /** Keyed "chat:user": the pseudo names of agents taking part. */
  participants: Map<string, string>;
}

export interface BatchRead {
  chatIds: number[];
  /** The batch's (chat, clientMsgId) pairs; may be empty (a file shared without one). */
  sent: [number, string][];
  agentIds: number[];
}

export interface BatchWrite {
  counts: Map<number, number>;
  rows: NewMessageRow[];
  firstReplies: number[];
  now: Date;
}

type Row = Record<string, unknown>;
/** `n` copies of `text` joined by `glue` (the statements' placeholder lists, built without an array per batch). */
const repeat = (text: string, n: number, glue: string) => (n > 0 ? text + (glue + text).repeat(n - 1) : '');
const marks = (n: number) => repeat('?', n, ',');

/**
 * The batch's chats with each one's last seq and visitor name, locked until commit where `lock`
 * (FOR UPDATE; SQLite's IMMEDIATE transaction holds the write lock already). The visitor name
 * comes from a scalar subquery, which a locking read does not lock.
 */
export const lockChats = (chatIds: number[], lock: boolean): Statement => ({
  sql: `SELECT c.id, c.client_id, c.visitor_id, c.status, c.first_response_at, c.last_seq, (SELECT v.name FROM visitors v WHERE v.id = c.visitor_id) AS visitor_name FROM chats c WHERE c.id IN (${marks(chatIds.length)})${lock ? ' FOR UPDATE' : ''}`,
  values: chatIds,
});

/**
 * Messages already stored under the batch's (chat, clientMsgId) pairs (resends). A plain read,
 * after the chats are locked: every writer of a chat's messages holds its chat's lock, so nothing
 * slips in between, and a locking read here would take gap locks that two batches' INSERTs
 * deadlock on. Exact pairs, so the unique index is probed once per message (two IN lists would
 * make the database probe every chat with every id: 60,000 probes for a batch of 250).
 */
export const findResends = (pairs: [number, string][]): Statement => ({
  // No pairs (a file shared without a clientMsgId) still answers, with no rows, so the pipelined read keeps its shape.
  sql: `SELECT * FROM messages WHERE ${pairs.length ? repeat('(chat_id = ? AND client_msg_id = ?)', pairs.length, ' OR ') : '1 = 0'}`,
  values: pairs.flat(),
});

/** The pseudo names of the batch's agents who take part in its chats. */
export const activeParticipants = (chatIds: number[], agentIds: number[]): Statement => ({
  sql: `SELECT p.chat_id, p.user_id, u.pseudo_name FROM chat_participants p JOIN users u ON u.id = p.user_id WHERE p.left_at IS NULL AND p.chat_id IN (${marks(chatIds.length)}) AND p.user_id IN (${marks(agentIds.length)})`,
  values: [...chatIds, ...agentIds],
});

/** Moves every chat's last_seq on by its count of new messages, in one statement. */
export function advanceSeqs(counts: Map<number, number>, now: Date): Statement {
  const ids = [...counts.keys()];
  return {
    sql: `UPDATE chats SET last_seq = last_seq + CASE id ${repeat('WHEN ? THEN ?', ids.length, ' ')} END, last_message_at = ?, updated_at = ? WHERE id IN (${marks(ids.length)})`,
    values: [...ids.flatMap((id) => [id, counts.get(id)]), now, now, ...ids],
  };
}

/**
 * One multi-row INSERT; with `returning` (SQLite, MariaDB 10.5+) it hands back id, chat_id, seq.
 * The leading comment matters: Sequelize's SQLite driver runs a statement starting with
 * "insert into" without reading rows back, and this one has rows to read.
 */
export function insertMessages(rows: NewMessageRow[], now: Date, returning: boolean): Statement {
  return {
    sql: `/* batch */ INSERT INTO messages (chat_id, seq, client_msg_id, sender_type, sender_id, message_type, body, is_internal, file_path, file_name, file_size, file_type, reply_to_id, is_read, created_at) VALUES ${repeat('(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)', rows.length, ',')}${returning ? ' RETURNING id, chat_id, seq' : ''}`,
    values: rows.flatMap((r) => [r.chat_id, r.seq, r.client_msg_id, r.sender_type, r.sender_id, r.message_type, r.body, r.is_internal, r.file_path, r.file_name, r.file_size, r.file_type, r.reply_to_id ?? null, false, now]),
  };
}

/** Where INSERT cannot return rows (MySQL): the new rows' ids, read back by chat and seq. */
export function insertedIds(rows: NewMessageRow[]): Statement {
  const firstSeq = new Map<number, number>();
  for (const r of rows) firstSeq.set(r.chat_id, Math.min(firstSeq.get(r.chat_id) ?? r.seq, r.seq));
  return { sql: `SELECT id, chat_id, seq FROM messages WHERE ${[...firstSeq.keys()].map(() => '(chat_id = ? AND seq >= ?)').join(' OR ')}`, values: [...firstSeq].flat() };
}

/** Agents' first replies: the chat's first_response_at, where it is not set yet. */
export const markFirstResponses = (chatIds: number[], now: Date): Statement => ({
  sql: `UPDATE chats SET first_response_at = ? WHERE first_response_at IS NULL AND id IN (${marks(chatIds.length)})`,
  values: [now, ...chatIds],
});

/**
 * The webhook outbox rows of the batch's messages (internal notes excepted), in the batch's own
 * transaction: one per message and active subscription of its website that asked for
 * message.created, in (chat, seq) order so that ids follow each chat's order. The payload is left
 * NULL (the id is not known yet): the worker presents the message by (chat_id, seq) when it sends.
 * Null when no row is for webhooks.
 */
export function recordMessageWebhooks(rows: NewMessageRow[], now: Date): Statement | null {
  const shown = rows.filter((r) => !r.is_internal);
  if (shown.length === 0) return null;
  return {
    sql:
      'INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, order_key, chat_id, message_seq, payload, status, attempts, next_attempt_at, created_at, updated_at) ' +
      "SELECT s.id, m.event_id, 'message.created', m.order_key, m.chat_id, m.seq, NULL, 'pending', 0, ?, ?, ? FROM (" +
      repeat('SELECT ? AS event_id, ? AS order_key, ? AS chat_id, ? AS seq', shown.length, ' UNION ALL ') +
      ') m JOIN chats c ON c.id = m.chat_id JOIN webhook_subscriptions s ON s.disabled_at IS NULL AND (s.client_id IS NULL OR s.client_id = c.client_id) AND s.events LIKE ? ORDER BY m.chat_id, m.seq, s.id',
    values: [now, now, now, ...shown.flatMap((r) => [crypto.randomUUID(), `chat:${r.chat_id}`, r.chat_id, r.seq]), '%"message.created"%'],
  };
}

export function parseChats(rows: Row[]): Map<number, LockedChat> {
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        id: Number(r.id),
        client_id: Number(r.client_id),
        visitor_id: Number(r.visitor_id),
        status: String(r.status),
        first_response_at: r.first_response_at ? new Date(r.first_response_at as string) : null,
        last_seq: Number(r.last_seq),
        visitor_name: (r.visitor_name as string | null) ?? null,
      },
    ]),
  );
}

/** Keyed "chat:clientMsgId". */
export function parseResends(rows: Row[]): Map<string, MessageRow> {
  return new Map(rows.map((r) => storedMessage.parse(r)).map((m) => [`${m.chat_id}:${m.client_msg_id}`, m]));
}

// A raw messages row as the model would give it: numbers, booleans and dates typed alike on both
// dialects (MySQL may send numbers as strings, SQLite booleans as 0/1 and dates as text).
const count = z.union([z.number(), z.bigint(), z.string()]).transform(Number);
const flag = z.union([z.boolean(), z.number(), z.bigint()]).transform(Boolean);
const time = z.union([z.date(), z.string(), z.number()]).transform((v) => new Date(v));
const storedMessage: z.ZodType<MessageRow, Row> = z.object({
  id: count,
  chat_id: count,
  seq: count,
  client_msg_id: z.string().nullable(),
  sender_type: z.enum(['agent', 'visitor', 'system']),
  sender_id: count.nullable(),
  message_type: z.enum(['text', 'file', 'system']),
  body: z.string().nullable(),
  is_internal: flag,
  file_path: z.string().nullable(),
  file_name: z.string().nullable(),
  file_size: count.nullable(),
  file_type: z.string().nullable(),
  file_deleted_at: time.nullable(),
  is_read: flag,
  read_at: time.nullable(),
  created_at: time,
  reply_to_id: count.nullable().optional(),
  edited_at: time.nullable().optional(),
  deleted_at: time.nullable().optional(),
  reactions: z.string().nullable().optional(),
  delivered_at: time.nullable().optional(),
});

/** Keyed "chat:user". */
export const parseParticipants = (rows: Row[]) => new Map(rows.map((p) => [`${p.chat_id}:${p.user_id}`, String(p.pseudo_name)]));

/** The stored messages, keyed "chat:seq", from the new rows and the ids the database gave them. */
export function parseInserted(rows: NewMessageRow[], ids: Row[], now: Date): Map<string, MessageRow> {
  const idOf = new Map(ids.map((s) => [`${s.chat_id}:${s.seq}`, Number(s.id)]));
  return new Map(
    rows.map((r) => {
      const key = `${r.chat_id}:${r.seq}`;
      const id = idOf.get(key);
      if (id === undefined) throw new Error(`message ${key} was not stored`);
      const row: MessageRow = { id, ...r, file_deleted_at: null, is_read: false, read_at: null, created_at: now, edited_at: null, deleted_at: null, reactions: null, delivered_at: null };
      return [key, row];
    }),
  );
}
