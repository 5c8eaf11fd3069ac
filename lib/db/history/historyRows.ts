import { QueryTypes, type Sequelize } from 'sequelize';
import { historyWhere, type HistoryCursor, type HistoryFilter } from './historyFilter.js';
import { boundedSql, withinSearchLimit } from '../search/searchTimeLimit.js';

/** One chat of the history with its visitor and website, as the list and the exports read it. */
export interface HistoryChatRow {
  id: number;
  clientId: number;
  clientName: string;
  status: string;
  leadFormFilled: boolean;
  serviceType: string | null;
  startedAt: Date;
  firstResponseAt: Date | null;
  endedAt: Date | null;
  lastMessageAt: Date | null;
  rating: number | null;
  ratingComment: string | null;
  visitorId: number;
  visitorSessionId: number | null;
  visitorName: string | null;
  visitorEmail: string | null;
  visitorPhone: string | null;
}

type Row = Record<string, unknown>;
const dialectOf = (sequelize: Sequelize) => (sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql');
const dateOrNull = (v: unknown) => (v == null ? null : new Date(v as string));
const textOrNull = (v: unknown) => (v == null ? null : String(v));

function toChatRow(r: Row): HistoryChatRow {
  return {
    id: Number(r.id),
    clientId: Number(r.client_id),
    clientName: String(r.client_name),
    status: String(r.status),
    leadFormFilled: Boolean(Number(r.lead_form_filled)),
    serviceType: textOrNull(r.service_type),
    startedAt: new Date(r.started_at as string),
    firstResponseAt: dateOrNull(r.first_response_at),
    endedAt: dateOrNull(r.ended_at),
    lastMessageAt: dateOrNull(r.last_message_at),
    rating: r.rating == null ? null : Number(r.rating),
    ratingComment: textOrNull(r.rating_comment),
    visitorId: Number(r.visitor_id),
    visitorSessionId: r.visitor_session_id == null ? null : Number(r.visitor_session_id),
    visitorName: textOrNull(r.visitor_name),
    visitorEmail: textOrNull(r.visitor_email),
    visitorPhone: textOrNull(r.visitor_phone),
  };
}

/**
 * One page of the history, newest first (started_at, then id), after `cursor`: keyset paging,
 * as fast on the thousandth page as on the first. With `searchTimeLimitMs` (the list's text search) a page
 * past it is refused with `search_too_slow`; exports, which stream, are not bounded by it.
 */
export async function readHistoryPage(sequelize: Sequelize, filter: HistoryFilter, limit: number, cursor?: HistoryCursor, searchTimeLimitMs?: number): Promise<HistoryChatRow[]> {
  if (filter.clientIds?.length === 0) return [];
  const where = historyWhere(dialectOf(sequelize), filter, cursor);
  const sql = `SELECT c.id, c.client_id, cl.name AS client_name, c.status, c.lead_form_filled, c.service_type, c.started_at, c.first_response_at, c.ended_at, c.last_message_at, c.rating, c.rating_comment, c.visitor_id, c.visitor_session_id, v.name AS visitor_name, v.email AS visitor_email, v.phone AS visitor_phone
     FROM chats c JOIN visitors v ON v.id = c.visitor_id JOIN clients cl ON cl.id = c.client_id
     WHERE ${where.sql} ORDER BY c.started_at DESC, c.id DESC LIMIT ${Math.trunc(limit)}`;
  if (searchTimeLimitMs === undefined) return (await sequelize.query<Row>(sql, { replacements: where.values, type: QueryTypes.SELECT })).map(toChatRow);
  const rows = sequelize.query<Row>(boundedSql(sequelize, sql, searchTimeLimitMs), { replacements: where.values, type: QueryTypes.SELECT });
  return (await withinSearchLimit(rows, searchTimeLimitMs)).map(toChatRow);
}

/** Every chat of the filter, a page at a time (memory stays flat however many). */
export async function* streamHistory(sequelize: Sequelize, filter: HistoryFilter, pageSize = 500): AsyncGenerator<HistoryChatRow[]> {
  let cursor: HistoryCursor | undefined;
  for (;;) {
    const page = await readHistoryPage(sequelize, filter, pageSize, cursor);
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1];
    cursor = { startedAt: last.startedAt, id: last.id };
  }
}

/** How many chats the filter finds (for progress and for choosing a background export). */
export async function countHistory(sequelize: Sequelize, filter: HistoryFilter): Promise<number> {
  if (filter.clientIds?.length === 0) return 0;
  const where = historyWhere(dialectOf(sequelize), filter);
  const [row] = await sequelize.query<Row>(`SELECT COUNT(*) AS n FROM chats c JOIN visitors v ON v.id = c.visitor_id WHERE ${where.sql}`, { replacements: where.values, type: QueryTypes.SELECT });
  return Number(row.n);
}
