import type { LocationQuery, LocationQueryRaw } from 'vue-router';

/**
 * The History page's filters, as the URL holds them: the names and formats of GET /api/history's
 * query (lib/domain/history/historyQuery.ts), so `/history?<query>` is the API's query and a view
 * can be bookmarked, shared, or built by the Analytics page's click-throughs.
 */
export interface HistoryFilters {
  status: string[];
  clientIds: number[];
  /** ISO instants: the chat started at or after `from`, before `to`. */
  from: string;
  to: string;
  /** '' (anyone), 'mine', 'unassigned' or an agent's id. */
  agent: string;
  lead: string[];
  /** '1'..'5' and 'none'. */
  rating: string[];
  /** '' (either), 'true' or 'false'. */
  hasFiles: string;
  q: string;
}

export const STATUSES = ['waiting', 'active', 'closed', 'offline'] as const;
export const LEADS = [
  { value: 'filled', label: 'Form filled' },
  { value: 'pending', label: 'Form pending' },
  { value: 'offline', label: 'Offline message' },
] as const;
export const RATINGS = ['5', '4', '3', '2', '1', 'none'] as const;

export const emptyFilters = (): HistoryFilters => ({ status: [], clientIds: [], from: '', to: '', agent: '', lead: [], rating: [], hasFiles: '', q: '' });

const listOf = (v: LocationQuery[string] | undefined): string[] =>
  (Array.isArray(v) ? v : v == null ? [] : [v]).flatMap((s) => String(s ?? '').split(',')).map((s) => s.trim()).filter(Boolean);
const one = (v: LocationQuery[string] | undefined): string => listOf(v)[0] ?? '';

/** The filters a URL's query names; what it does not name is left empty. */
export function filtersFromQuery(query: LocationQuery): HistoryFilters {
  return {
    status: listOf(query.status),
    clientIds: listOf(query.clientIds).map(Number).filter((n) => Number.isInteger(n) && n > 0),
    from: one(query.from),
    to: one(query.to),
    agent: one(query.agent),
    lead: listOf(query.lead),
    rating: listOf(query.rating),
    hasFiles: one(query.hasFiles),
    q: one(query.q),
  };
}

/** The query for the URL and the API: set filters only, lists comma-separated. */
export function queryOf(f: HistoryFilters): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.status.length) q.status = f.status.join(',');
  if (f.clientIds.length) q.clientIds = f.clientIds.join(',');
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  if (f.agent) q.agent = f.agent;
  if (f.lead.length) q.lead = f.lead.join(',');
  if (f.rating.length) q.rating = f.rating.join(',');
  if (f.hasFiles) q.hasFiles = f.hasFiles;
  // The API wants two characters at least: one typed letter does not filter yet.
  if (f.q.trim().length >= 2) q.q = f.q.trim();
  return q;
}

export const searchOf = (f: HistoryFilters, extra: Record<string, string> = {}) => new URLSearchParams({ ...queryOf(f), ...extra }).toString();
export const sameQuery = (a: LocationQueryRaw, b: LocationQueryRaw) => JSON.stringify(a) === JSON.stringify(b);
