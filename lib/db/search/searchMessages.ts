import { QueryTypes, type Sequelize } from 'sequelize';
import { fullTextQuery } from './messageTextMatch.js';

export interface FoundMessage {
  id: number;
  chatId: number;
  clientId: number;
  seq: number;
  body: string;
  internal: boolean;
  senderType: string;
  visitorName: string | null;
  createdAt: Date;
}

type Row = Record<string, unknown>;
const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

/**
 * The newest `limit` messages (system lines aside) with every word, on the websites `clientIds`
 * (null: all). SQLite walks the FTS5 index newest first and stops at `limit` (its rowid is the
 * message id), so a word found in half the messages costs what a rare one does; MariaDB answers
 * MATCH from its FULLTEXT index and sorts what it found.
 */
export async function searchMessages(sequelize: Sequelize, words: string[], clientIds: number[] | null, limit: number): Promise<FoundMessage[]> {
  if (words.length === 0 || clientIds?.length === 0) return [];
  const sqlite = sequelize.getDialect() === 'sqlite';
  const inClients = clientIds ? ` AND c.client_id IN (${marks(clientIds.length)})` : '';
  const columns = 'm.id, m.chat_id, c.client_id, m.seq, m.body, m.is_internal, m.sender_type, m.created_at, v.name AS visitor_name';
  const joins = 'JOIN chats c ON c.id = m.chat_id JOIN visitors v ON v.id = c.visitor_id';
  const sql = sqlite
    ? `SELECT ${columns} FROM messages_fts f JOIN messages m ON m.id = f.rowid ${joins} WHERE messages_fts MATCH ? AND m.message_type <> 'system'${inClients} ORDER BY f.rowid DESC LIMIT ${Math.trunc(limit)}`
    : `SELECT ${columns} FROM messages m ${joins} WHERE MATCH(m.body) AGAINST (? IN BOOLEAN MODE) AND m.message_type <> 'system'${inClients} ORDER BY m.id DESC LIMIT ${Math.trunc(limit)}`;
  const query = fullTextQuery(sqlite ? 'sqlite' : 'mysql', words);
  const rows = await sequelize.query<Row>(sql, { replacements: [query, ...(clientIds ?? [])], type: QueryTypes.SELECT });
  return rows.map((r) => ({
    id: Number(r.id),
    chatId: Number(r.chat_id),
    clientId: Number(r.client_id),
    seq: Number(r.seq),
    body: String(r.body ?? ''),
    internal: Boolean(Number(r.is_internal)),
    senderType: String(r.sender_type),
    visitorName: r.visitor_name == null ? null : String(r.visitor_name),
    createdAt: new Date(r.created_at as string),
  }));
}
