import { QueryTypes, type Sequelize } from 'sequelize';
import { fullTextQuery } from './messageTextMatch.js';
import { boundedSql, SEARCH_TIME_LIMIT_MS, withinSearchLimit } from './searchTimeLimit.js';
import { hasEveryWord } from './wordMatch.js';

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

export interface SearchOptions {
  /** Refused with `search_too_slow` past this (ms). */
  timeLimitMs?: number;
  /** MariaDB: how many of the newest message ids are read first, newest first, before the full-text index is asked. */
  recentIds?: number;
}

/** MariaDB: the newest ids read first (in pages of RECENT_PAGE): about 2 % of a million messages. */
export const RECENT_IDS = 20_000;
const RECENT_PAGE = 1_000;

type Row = Record<string, unknown>;
const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');
const COLUMNS = 'm.id, m.chat_id, c.client_id, m.seq, m.body, m.is_internal, m.sender_type, m.created_at, v.name AS visitor_name';
const JOINS = 'JOIN chats c ON c.id = m.chat_id JOIN visitors v ON v.id = c.visitor_id';

/**
 * The newest `limit` messages (system lines aside) with every word, on the websites `clientIds`
 * (null: all), refused with `search_too_slow` past the time limit.
 * - SQLite walks the FTS5 index newest first and stops at `limit` (its rowid is the message id).
 * - MariaDB's FULLTEXT gives every match before the newest can be picked (a word in 40 % of a
 *   million messages: seconds), so the newest RECENT_IDS messages are read first, newest first by
 *   primary key, and matched here (db/search/wordMatch.ts, the index's rule): a common word fills
 *   the page there and stops. Only when they hold fewer than `limit` matches (a rarer word, which the
 *   index answers quickly) is the index asked; everything it finds is older or among those read,
 *   so the page is the same either way.
 */
export async function searchMessages(sequelize: Sequelize, words: string[], clientIds: number[] | null, limit: number, options: SearchOptions = {}): Promise<FoundMessage[]> {
  if (words.length === 0 || clientIds?.length === 0) return [];
  const ms = options.timeLimitMs ?? SEARCH_TIME_LIMIT_MS;
  return withinSearchLimit(sequelize.getDialect() === 'sqlite' ? fromFts5(sequelize, words, clientIds, limit, ms) : fromMysql(sequelize, words, clientIds, limit, ms, options.recentIds ?? RECENT_IDS), ms);
}

async function select(sequelize: Sequelize, sql: string, values: unknown[], ms: number): Promise<Row[]> {
  return sequelize.query<Row>(boundedSql(sequelize, sql, ms), { replacements: values, type: QueryTypes.SELECT });
}

async function fromFts5(sequelize: Sequelize, words: string[], clientIds: number[] | null, limit: number, ms: number): Promise<FoundMessage[]> {
  const inClients = clientIds ? ` AND c.client_id IN (${marks(clientIds.length)})` : '';
  const sql = `SELECT ${COLUMNS} FROM messages_fts f JOIN messages m ON m.id = f.rowid ${JOINS} WHERE messages_fts MATCH ? AND m.message_type <> 'system'${inClients} ORDER BY f.rowid DESC LIMIT ${Math.trunc(limit)}`;
  return (await select(sequelize, sql, [fullTextQuery('sqlite', words), ...(clientIds ?? [])], ms)).map(toFound);
}

async function fromMysql(sequelize: Sequelize, words: string[], clientIds: number[] | null, limit: number, ms: number, recentIds: number): Promise<FoundMessage[]> {
  const inClients = clientIds ? ` AND c.client_id IN (${marks(clientIds.length)})` : '';
  const [top] = await select(sequelize, 'SELECT MAX(id) AS id FROM messages', [], ms);
  const floor = Number(top?.id ?? 0) - recentIds;
  const found: number[] = [];
  let below = Number.MAX_SAFE_INTEGER;
  for (;;) {
    // STRAIGHT_JOIN: messages by primary key, newest first, whatever the website filter.
    const page = await select(
      sequelize,
      `SELECT STRAIGHT_JOIN m.id, m.body FROM messages m JOIN chats c ON c.id = m.chat_id WHERE m.id < ? AND m.id > ? AND m.message_type <> 'system'${inClients} ORDER BY m.id DESC LIMIT ${RECENT_PAGE}`,
      [below, floor, ...(clientIds ?? [])],
      ms,
    );
    for (const r of page) if (found.length < limit && hasEveryWord(String(r.body ?? ''), words)) found.push(Number(r.id));
    if (found.length >= limit) return byIds(sequelize, found, ms);
    if (page.length < RECENT_PAGE) break;
    below = Number(page[page.length - 1].id);
  }
  const sql = `SELECT ${COLUMNS} FROM messages m ${JOINS} WHERE MATCH(m.body) AGAINST (? IN BOOLEAN MODE) AND m.message_type <> 'system'${inClients} ORDER BY m.id DESC LIMIT ${Math.trunc(limit)}`;
  return (await select(sequelize, sql, [fullTextQuery('mysql', words), ...(clientIds ?? [])], ms)).map(toFound);
}

async function byIds(sequelize: Sequelize, ids: number[], ms: number): Promise<FoundMessage[]> {
  const rows = await select(sequelize, `SELECT ${COLUMNS} FROM messages m ${JOINS} WHERE m.id IN (${marks(ids.length)}) ORDER BY m.id DESC`, ids, ms);
  return rows.map(toFound);
}

function toFound(r: Row): FoundMessage {
  return {
    id: Number(r.id),
    chatId: Number(r.chat_id),
    clientId: Number(r.client_id),
    seq: Number(r.seq),
    body: String(r.body ?? ''),
    internal: Boolean(Number(r.is_internal)),
    senderType: String(r.sender_type),
    visitorName: r.visitor_name == null ? null : String(r.visitor_name),
    createdAt: new Date(r.created_at as string),
  };
}
