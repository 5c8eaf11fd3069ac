import { messageTextMatch, visitorTextMatch } from '../search/messageTextMatch.js';

export type LeadStatus = 'filled' | 'pending' | 'offline';

/**
 * The chat history's filters, resolved: tenancy applied (clientIds are the websites asked for
 * that the user may see; null: every website), "mine" turned into a user id, the search text
 * into words for the full-text index. Built by domain/history/resolveHistoryFilter.ts.
 */
export interface HistoryFilter {
  clientIds: number[] | null;
  statuses?: string[];
  from?: Date;
  to?: Date;
  /** A user who took part, or 'unassigned': no agent ever joined. */
  agent?: number | 'unassigned';
  leads?: LeadStatus[];
  /** Stars 1-5, 0 for "not rated". */
  ratings?: number[];
  hasFiles?: boolean;
  /** The search's words (every one, whole or a word's start), matched on the full-text indexes against the visitor's name, e-mail and phone, or a message's text; none: nothing matches. */
  words?: string[];
}

export interface HistoryCursor {
  startedAt: Date;
  id: number;
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

const LEAD_CONDITIONS: Record<LeadStatus, string> = {
  filled: 'c.lead_form_filled = 1',
  pending: "(c.lead_form_filled = 0 AND c.status <> 'offline')",
  offline: "c.status = 'offline'",
};

/** The WHERE clause (over chats c joined to visitors v) for a filter and, to page on, a cursor. */
export function historyWhere(dialect: 'sqlite' | 'mysql', filter: HistoryFilter, after?: HistoryCursor): { sql: string; values: unknown[] } {
  const parts: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, ...v: unknown[]) => {
    parts.push(sql);
    values.push(...v);
  };
  if (filter.clientIds) add(filter.clientIds.length ? `c.client_id IN (${marks(filter.clientIds.length)})` : '1 = 0', ...filter.clientIds);
  if (filter.statuses?.length) add(`c.status IN (${marks(filter.statuses.length)})`, ...filter.statuses);
  if (filter.from) add('c.started_at >= ?', filter.from);
  if (filter.to) add('c.started_at < ?', filter.to);
  if (filter.agent === 'unassigned') add('NOT EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = c.id)');
  else if (filter.agent !== undefined) add('EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = c.id AND p.user_id = ?)', filter.agent);
  if (filter.leads?.length) add(`(${filter.leads.map((l) => LEAD_CONDITIONS[l]).join(' OR ')})`);
  if (filter.ratings?.length) {
    const stars = filter.ratings.filter((r) => r > 0);
    const either = [...(stars.length ? [`c.rating IN (${marks(stars.length)})`] : []), ...(filter.ratings.includes(0) ? ['c.rating IS NULL'] : [])];
    add(`(${either.join(' OR ')})`, ...stars);
  }
  if (filter.hasFiles !== undefined) add(`${filter.hasFiles ? '' : 'NOT '}EXISTS (SELECT 1 FROM messages f WHERE f.chat_id = c.id AND f.message_type = 'file')`);
  if (filter.words !== undefined) {
    // Words on the full-text indexes: the visitor's name, e-mail or phone, or a message's text.
    if (!filter.words.length) add('1 = 0');
    else {
      const visitor = visitorTextMatch(dialect, 'v', filter.words);
      const message = messageTextMatch(dialect, 'm', filter.words);
      add(`(${visitor.sql} OR c.id IN (SELECT m.chat_id FROM messages m WHERE ${message.sql} AND m.message_type <> 'system'))`, ...visitor.values, ...message.values);
    }
  }
  if (after) add('(c.started_at < ? OR (c.started_at = ? AND c.id < ?))', after.startedAt, after.startedAt, after.id);
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', values };
}
