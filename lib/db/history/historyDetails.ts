import { QueryTypes, type Sequelize } from 'sequelize';
import type { HistoryChatRow } from './historyRows.js';

/** What an export row adds to a history row: who answered, how much was said, where the visitor came from. */
export interface HistoryChatDetails {
  agents: string[];
  messages: number;
  files: number;
  pagesBeforeChat: number;
  referrer: string | null;
  landingPage: string | null;
  utm: Record<string, string> | null;
}

export interface HistoryMessageRow {
  chatId: number;
  seq: number;
  createdAt: Date;
  senderType: string;
  senderName: string | null;
  messageType: string;
  body: string | null;
  fileName: string | null;
  internal: boolean;
}

type Row = Record<string, unknown>;
const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

function parseUtm(v: unknown): Record<string, string> | null {
  if (v == null) return null;
  if (typeof v === 'object') return v as Record<string, string>;
  try {
    return JSON.parse(String(v)) as Record<string, string>;
  } catch {
    return null;
  }
}

/** The details of a page of chats, in four queries whatever the page size. */
export async function historyDetails(sequelize: Sequelize, chats: HistoryChatRow[]): Promise<Map<number, HistoryChatDetails>> {
  const details = new Map<number, HistoryChatDetails>(chats.map((c) => [c.id, { agents: [], messages: 0, files: 0, pagesBeforeChat: 0, referrer: null, landingPage: null, utm: null }]));
  if (chats.length === 0) return details;
  const ids = chats.map((c) => c.id);
  const select = (sql: string, values: unknown[]) => sequelize.query<Row>(sql, { replacements: values, type: QueryTypes.SELECT });
  const sessionIds = [...new Set(chats.flatMap((c) => (c.visitorSessionId == null ? [] : [c.visitorSessionId])))];
  const [agents, counts, pages, sessions] = await Promise.all([
    select(`SELECT p.chat_id, u.pseudo_name FROM chat_participants p JOIN users u ON u.id = p.user_id WHERE p.chat_id IN (${marks(ids.length)}) ORDER BY p.joined_at, p.id`, ids),
    select(`SELECT chat_id, COUNT(*) AS n, SUM(CASE WHEN message_type = 'file' THEN 1 ELSE 0 END) AS files FROM messages WHERE chat_id IN (${marks(ids.length)}) AND message_type <> 'system' GROUP BY chat_id`, ids),
    select(`SELECT c.id AS chat_id, COUNT(pv.id) AS n FROM chats c JOIN visitor_page_visits pv ON pv.visitor_session_id = c.visitor_session_id AND pv.visited_at <= c.started_at WHERE c.id IN (${marks(ids.length)}) GROUP BY c.id`, ids),
    sessionIds.length ? select(`SELECT id, referrer_url, landing_page, utm FROM visitor_sessions WHERE id IN (${marks(sessionIds.length)})`, sessionIds) : Promise.resolve([]),
  ]);
  for (const a of agents) {
    const d = details.get(Number(a.chat_id))!;
    if (!d.agents.includes(String(a.pseudo_name))) d.agents.push(String(a.pseudo_name));
  }
  for (const c of counts) Object.assign(details.get(Number(c.chat_id))!, { messages: Number(c.n), files: Number(c.files) });
  for (const p of pages) details.get(Number(p.chat_id))!.pagesBeforeChat = Number(p.n);
  const sessionOf = new Map(sessions.map((s) => [Number(s.id), s]));
  for (const chat of chats) {
    const s = chat.visitorSessionId == null ? undefined : sessionOf.get(chat.visitorSessionId);
    if (s) Object.assign(details.get(chat.id)!, { referrer: s.referrer_url ?? null, landingPage: s.landing_page ?? null, utm: parseUtm(s.utm) });
  }
  return details;
}

/** The messages of a page of chats in order (internal notes marked), with the sender's shown name. */
export async function historyMessages(sequelize: Sequelize, chatIds: number[]): Promise<HistoryMessageRow[]> {
  if (chatIds.length === 0) return [];
  const rows = await sequelize.query<Row>(
    `SELECT m.chat_id, m.seq, m.created_at, m.sender_type, m.message_type, m.body, m.file_name, m.is_internal, CASE WHEN m.sender_type = 'visitor' THEN v.name ELSE u.pseudo_name END AS sender_name
     FROM messages m JOIN chats c ON c.id = m.chat_id JOIN visitors v ON v.id = c.visitor_id LEFT JOIN users u ON u.id = m.sender_id AND m.sender_type = 'agent'
     WHERE m.chat_id IN (${marks(chatIds.length)}) ORDER BY m.chat_id, m.seq`,
    { replacements: chatIds, type: QueryTypes.SELECT },
  );
  const order = new Map(chatIds.map((id, i) => [id, i]));
  return rows
    .map((r) => ({
      chatId: Number(r.chat_id),
      seq: Number(r.seq),
      createdAt: new Date(r.created_at as string),
      senderType: String(r.sender_type),
      senderName: r.sender_name == null ? null : String(r.sender_name),
      messageType: String(r.message_type),
      body: r.body == null ? null : String(r.body),
      fileName: r.file_name == null ? null : String(r.file_name),
      internal: Boolean(Number(r.is_internal)),
    }))
    .sort((a, b) => order.get(a.chatId)! - order.get(b.chatId)! || a.seq - b.seq);
}
