import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { MessageRow } from '../../db/models/message.js';

/**
 * The statements of the group-commit path (sendMessages), written for the fewest round trips:
 * under load every round trip is a pair of context switches between Node and the database, and
 * on two shared cores those cost more than the statements themselves. A batch is BEGIN, a
 * locking read of the chats, a read of resends, one UPDATE, one INSERT (RETURNING where the
 * database has it) and COMMIT.
 */

export interface LockedChat {
  id: number;
  client_id: number;
  visitor_id: number;
  status: string;
  first_response_at: Date | null;
  last_seq: number;
  visitor_name: string | null;
}

export interface NewMessageRow {
  chat_id: number;
  seq: number;
  client_msg_id: string;
  sender_type: 'agent' | 'visitor';
  sender_id: number;
  body: string;
  is_internal: boolean;
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

/** Whether INSERT ... RETURNING works here: SQLite (3.35+) and MariaDB 10.5+, not MySQL. */
const returningSupport = new WeakMap<Sequelize, Promise<boolean>>();
function insertReturns(sequelize: Sequelize): Promise<boolean> {
  let known = returningSupport.get(sequelize);
  if (!known) {
    known =
      sequelize.getDialect() === 'sqlite'
        ? Promise.resolve(true)
        : sequelize.databaseVersion().then((v) => {
            const m = /^(\d+)\.(\d+)/.exec(v);
            return /mariadb/i.test(v) && !!m && (Number(m[1]) > 10 || (Number(m[1]) === 10 && Number(m[2]) >= 5));
          });
    returningSupport.set(sequelize, known);
  }
  return known;
}

/**
 * The batch's chats, locked until commit (FOR UPDATE on MySQL/MariaDB; on SQLite the IMMEDIATE
 * transaction already holds the write lock), with each chat's last seq and visitor name. The
 * visitor name comes from a scalar subquery, which a locking read does not lock.
 */
export async function lockChats(sequelize: Sequelize, transaction: Transaction, chatIds: number[]): Promise<Map<number, LockedChat>> {
  const lock = sequelize.getDialect() === 'sqlite' ? '' : ' FOR UPDATE';
  const rows = await sequelize.query<LockedChat>(
    `SELECT c.id, c.client_id, c.visitor_id, c.status, c.first_response_at, c.last_seq,
       (SELECT v.name FROM visitors v WHERE v.id = c.visitor_id) AS visitor_name
     FROM chats c WHERE c.id IN (${marks(chatIds.length)})${lock}`,
    { replacements: chatIds, transaction, type: QueryTypes.SELECT },
  );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      { id: Number(r.id), client_id: Number(r.client_id), visitor_id: Number(r.visitor_id), status: r.status, first_response_at: r.first_response_at, last_seq: Number(r.last_seq), visitor_name: r.visitor_name },
    ]),
  );
}

/**
 * Messages already stored under the batch's (chat, clientMsgId) pairs (resends), keyed
 * "chat:clientMsgId". A plain read, taken once the chats are locked: every writer of a chat's
 * messages holds its chat's lock, so nothing can slip in between, and a locking read here would
 * take gap locks that two batches' INSERTs deadlock on.
 */
export async function findResends(sequelize: Sequelize, transaction: Transaction, chatIds: number[], clientMsgIds: string[]): Promise<Map<string, MessageRow>> {
  const rows = await sequelize.query<MessageRow>(`SELECT * FROM messages WHERE chat_id IN (${marks(chatIds.length)}) AND client_msg_id IN (${marks(clientMsgIds.length)})`, {
    replacements: [...chatIds, ...clientMsgIds],
    transaction,
    type: QueryTypes.SELECT,
  });
  return new Map(rows.map((m) => [`${m.chat_id}:${m.client_msg_id}`, normaliseMessage(m)]));
}

/** Senders' pseudo names for the agents of the batch who take part in its chats, keyed "chat:user". */
export async function activeParticipants(sequelize: Sequelize, transaction: Transaction, chatIds: number[], agentIds: number[]) {
  const rows = await sequelize.query<{ chat_id: number; user_id: number; pseudo_name: string }>(
    `SELECT p.chat_id, p.user_id, u.pseudo_name FROM chat_participants p JOIN users u ON u.id = p.user_id
     WHERE p.left_at IS NULL AND p.chat_id IN (${marks(chatIds.length)}) AND p.user_id IN (${marks(agentIds.length)})`,
    { replacements: [...chatIds, ...agentIds], transaction, type: QueryTypes.SELECT },
  );
  return new Map(rows.map((p) => [`${p.chat_id}:${p.user_id}`, p.pseudo_name]));
}

/** Moves every chat's last_seq on by its count of new messages, in one statement. */
export async function advanceSeqs(sequelize: Sequelize, transaction: Transaction, counts: Map<number, number>, now: Date) {
  const ids = [...counts.keys()];
  await sequelize.query(
    `UPDATE chats SET last_seq = last_seq + CASE id ${ids.map(() => 'WHEN ? THEN ?').join(' ')} END, last_message_at = ?, updated_at = ? WHERE id IN (${marks(ids.length)})`,
    { replacements: [...ids.flatMap((id) => [id, counts.get(id)]), now, now, ...ids], transaction },
  );
}

/** Agents' first replies: the chat's first_response_at, where it is not set yet. */
export async function markFirstResponses(sequelize: Sequelize, transaction: Transaction, chatIds: number[], now: Date) {
  await sequelize.query(`UPDATE chats SET first_response_at = ? WHERE first_response_at IS NULL AND id IN (${marks(chatIds.length)})`, { replacements: [now, ...chatIds], transaction });
}

/**
 * One multi-row INSERT; the stored rows come back keyed "chat:seq" (by RETURNING, or one SELECT
 * on MySQL). `returning` says which; by default, whatever this database supports.
 */
export async function insertMessages(sequelize: Sequelize, transaction: Transaction, rows: NewMessageRow[], now: Date, returning?: boolean): Promise<Map<string, MessageRow>> {
  const values = rows.flatMap((r) => [r.chat_id, r.seq, r.client_msg_id, r.sender_type, r.sender_id, 'text', r.body, r.is_internal, false, now]);
  const insert = `INSERT INTO messages (chat_id, seq, client_msg_id, sender_type, sender_id, message_type, body, is_internal, is_read, created_at) VALUES ${rows.map(() => '(?,?,?,?,?,?,?,?,?,?)').join(',')}`;
  const byKey = (stored: { chat_id: number; seq: number; id: number }[]) => {
    const ids = new Map(stored.map((s) => [`${s.chat_id}:${s.seq}`, Number(s.id)]));
    return new Map(
      rows.map((r) => {
        const id = ids.get(`${r.chat_id}:${r.seq}`);
        if (id === undefined) throw new Error(`message ${r.chat_id}:${r.seq} was not stored`);
        const row: MessageRow = { id, ...r, message_type: 'text', file_path: null, file_name: null, file_size: null, file_type: null, file_deleted_at: null, is_read: false, read_at: null, created_at: now };
        return [`${r.chat_id}:${r.seq}`, row];
      }),
    );
  };
  if (returning ?? (await insertReturns(sequelize))) {
    // Sequelize's SQLite driver runs a statement that starts with "insert into" without reading
    // rows back; the leading comment makes it read the RETURNING rows like a SELECT's.
    return byKey(await sequelize.query(`/* returning */ ${insert} RETURNING id, chat_id, seq`, { replacements: values, transaction, type: QueryTypes.SELECT }));
  }
  await sequelize.query(insert, { replacements: values, transaction });
  const firstSeq = new Map<number, number>();
  for (const r of rows) firstSeq.set(r.chat_id, Math.min(firstSeq.get(r.chat_id) ?? r.seq, r.seq));
  return byKey(
    await sequelize.query(`SELECT id, chat_id, seq FROM messages WHERE ${[...firstSeq.keys()].map(() => '(chat_id = ? AND seq >= ?)').join(' OR ')}`, {
      replacements: [...firstSeq].flat(),
      transaction,
      type: QueryTypes.SELECT,
    }),
  );
}

/** Raw rows as the model would give them (booleans, numbers and dates typed alike on both dialects). */
export function normaliseMessage(m: MessageRow): MessageRow {
  return {
    ...m,
    id: Number(m.id),
    chat_id: Number(m.chat_id),
    seq: Number(m.seq),
    sender_id: m.sender_id == null ? null : Number(m.sender_id),
    file_size: m.file_size == null ? null : Number(m.file_size),
    is_internal: Boolean(m.is_internal),
    is_read: Boolean(m.is_read),
    created_at: new Date(m.created_at as unknown as string),
  };
}
