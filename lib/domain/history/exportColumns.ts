import type { HistoryChatDetails, HistoryMessageRow } from '../../db/history/historyDetails.js';
import type { HistoryChatRow } from '../../db/history/historyRows.js';

/** A cell of an export: text, a number, a moment or nothing. */
export type Cell = string | number | Date | null;

const seconds = (from: Date | null, to: Date | null) => (from && to ? Math.round((to.getTime() - from.getTime()) / 1000) : null);

/**
 * The columns of a history export, one row per conversation (what managers ask of Chatwoot in its
 * issues 15243 and 13366); with messages, each chat's messages follow it, one row each, in the
 * last columns (`Row` says which kind a row is).
 */
export const CHAT_COLUMNS = [
  'Row', 'Chat ID', 'Website', 'Visitor name', 'Visitor e-mail', 'Visitor phone', 'Service type', 'Status', 'Started', 'First response',
  'Ended', 'Duration (s)', 'First response time (s)', 'Agents', 'Messages', 'Files', 'Rating', 'Rating comment', 'Lead form filled',
  'Pages before chat', 'Referrer', 'Landing page', 'UTM source', 'UTM medium', 'UTM campaign',
] as const;
export const MESSAGE_COLUMNS = ['Message time', 'Sender', 'Sender type', 'Message type', 'Message'] as const;

export function chatCells(c: HistoryChatRow, d: HistoryChatDetails): Cell[] {
  return [
    'chat', c.id, c.clientName, c.visitorName, c.visitorEmail, c.visitorPhone, c.serviceType, c.status, c.startedAt, c.firstResponseAt,
    c.endedAt, seconds(c.startedAt, c.endedAt), seconds(c.startedAt, c.firstResponseAt), d.agents.join(', '), d.messages, d.files, c.rating, c.ratingComment, c.leadFormFilled ? 'yes' : 'no',
    d.pagesBeforeChat, d.referrer, d.landingPage, d.utm?.utm_source ?? d.utm?.source ?? null, d.utm?.utm_medium ?? d.utm?.medium ?? null, d.utm?.utm_campaign ?? d.utm?.campaign ?? null,
  ];
}

/** A message row: the chat's id and website, the chat's other columns empty, then the message. */
export function messageCells(c: HistoryChatRow, m: HistoryMessageRow): Cell[] {
  const row: Cell[] = CHAT_COLUMNS.map(() => null);
  row[0] = 'message';
  row[1] = c.id;
  row[2] = c.clientName;
  const text = m.messageType === 'file' ? `[file] ${m.fileName ?? ''}` : m.body;
  return [...row, m.createdAt, m.senderName, m.internal ? `${m.senderType} (internal note)` : m.senderType, m.messageType, text];
}

/**
 * A spreadsheet evaluates a cell that starts with `=`, `+`, `-` or `@` (and tab or carriage
 * return, which some read as the same) as a formula: a visitor who types `=HYPERLINK(...)` as
 * their name must not run it on a manager's computer. Such text gets a leading apostrophe
 * (OWASP's "CSV injection" advice); numbers and dates are written as such and never touched.
 */
export const neutraliseFormula = (cell: Cell): Cell => (typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);
