import { QueryTypes, type Sequelize } from 'sequelize';
import { visitorTextMatch } from './messageTextMatch.js';
import { boundedSql, SEARCH_TIME_LIMIT_MS, withinSearchLimit } from './searchTimeLimit.js';

const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

/**
 * The ids of the `limit` visitors seen last whose name, e-mail or phone has every word (whole or
 * a word's start), on the websites `clientIds` (null: all), from the full-text index (migration
 * 20261203170000-visitor-search-index), not a scan of every visitor.
 */
export async function searchVisitorIds(sequelize: Sequelize, words: string[], clientIds: number[] | null, limit: number, timeLimitMs = SEARCH_TIME_LIMIT_MS): Promise<number[]> {
  if (words.length === 0 || clientIds?.length === 0) return [];
  const match = visitorTextMatch(sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql', 'v', words);
  const inClients = clientIds ? ` AND v.client_id IN (${marks(clientIds.length)})` : '';
  const sql = `SELECT v.id FROM visitors v WHERE ${match.sql}${inClients} ORDER BY v.last_visit_at DESC, v.id DESC LIMIT ${Math.trunc(limit)}`;
  const rows = sequelize.query<{ id: number }>(boundedSql(sequelize, sql, timeLimitMs), { replacements: [...match.values, ...(clientIds ?? [])], type: QueryTypes.SELECT });
  return (await withinSearchLimit(rows, timeLimitMs)).map((r) => Number(r.id));
}
