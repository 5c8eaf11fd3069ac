import type { HistoryFilter } from '../../db/history/historyFilter.js';
import { searchWords } from '../search/searchWords.js';
import type { HistoryFilters } from './historyQuery.js';

/**
 * The filters of one reader, ready for the database: only the websites the reader may see
 * (`visible`, from policies/visibleClientIds; null: all), so an agent asking for another
 * website's chats gets none, not an error (ids are not probed); "mine" as the reader's user id
 * (`userId`; null for the CLI, which has none); the search text as full-text words for the visitor's
 * name, e-mail and phone and for the messages.
 */
export function resolveHistoryFilter(filters: HistoryFilters, visible: number[] | null, userId: number | null): HistoryFilter {
  const asked = filters.clientIds;
  const clientIds = asked ? (visible ? asked.filter((c) => visible.includes(c)) : asked) : visible;
  if (filters.agent === 'mine' && userId === null) throw new Error('resolveHistoryFilter: "mine" needs a signed-in user');
  return {
    clientIds,
    statuses: filters.status,
    from: filters.from,
    to: filters.to,
    agent: filters.agent === 'mine' ? userId! : filters.agent,
    leads: filters.lead,
    ratings: filters.rating,
    hasFiles: filters.hasFiles,
    words: filters.q ? searchWords(filters.q) : undefined,
  };
}
