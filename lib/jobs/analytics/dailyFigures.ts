import { Op, QueryTypes } from 'sequelize';
import type { Database } from '../../db/index.js';
import type { AnalyticsSnapshotRow } from '../../db/models/analyticsSnapshot.js';

type SnapshotRow = Omit<AnalyticsSnapshotRow, 'id' | 'created_at'>;

interface Figures {
  visitors: Set<number>;
  chats: Set<number>;
  responseSeconds: number[];
  messages: number;
  files: number;
}

const empty = (): Figures => ({ visitors: new Set(), chats: new Set(), responseSeconds: [], messages: 0, files: 0 });
const average = (values: number[]) => (values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null);
const responseSeconds = (chat: { started_at: Date; first_response_at: Date | null }) =>
  chat.first_response_at ? Math.max(0, (new Date(chat.first_response_at).getTime() - new Date(chat.started_at).getTime()) / 1000) : null;

/**
 * One day's figures, a row per website (user_id null) and a row per agent and website:
 * - visitors: distinct visitors with a visit that started that day (agents: of the chats they joined);
 * - chats: chats started that day (agents: chats they joined that day);
 * - avg_response_time: seconds from a chat's start to its first agent answer (first_response_at - started_at);
 * - messages sent: visitor and agent messages, not system lines or internal notes (agents: their own);
 * - files shared: file messages (agents: their own).
 */
export async function dailyFigures(db: Database, day: string, start: Date, end: Date): Promise<SnapshotRow[]> {
  const m = db.models;
  const inDay = { [Op.gte]: start, [Op.lt]: end };
  const perClient = new Map<number, Figures>();
  const perAgent = new Map<string, Figures>();
  const client = (id: number) => perClient.get(id) ?? perClient.set(id, empty()).get(id)!;
  const agent = (clientId: number, userId: number) => perAgent.get(`${clientId}:${userId}`) ?? perAgent.set(`${clientId}:${userId}`, empty()).get(`${clientId}:${userId}`)!;

  for (const visit of await m.VisitorSession.findAll({ where: { started_at: inDay }, attributes: ['client_id', 'visitor_id'], raw: true })) {
    client(visit.client_id).visitors.add(visit.visitor_id);
  }
  for (const chat of await m.Chat.findAll({ where: { started_at: inDay }, attributes: ['id', 'client_id', 'started_at', 'first_response_at'] })) {
    const f = client(chat.client_id);
    f.chats.add(chat.id);
    const seconds = responseSeconds(chat);
    if (seconds !== null) f.responseSeconds.push(seconds);
  }
  const joins = await m.ChatParticipant.findAll({ where: { joined_at: inDay }, attributes: ['chat_id', 'user_id'], raw: true });
  const joinedChats = joins.length
    ? await m.Chat.findAll({ where: { id: [...new Set(joins.map((j) => j.chat_id))] }, attributes: ['id', 'client_id', 'visitor_id', 'started_at', 'first_response_at'] })
    : [];
  const chatById = new Map(joinedChats.map((c) => [c.id, c]));
  for (const join of joins) {
    const chat = chatById.get(join.chat_id);
    if (!chat) continue;
    const f = agent(chat.client_id, join.user_id);
    if (f.chats.has(chat.id)) continue;
    f.chats.add(chat.id);
    f.visitors.add(chat.visitor_id);
    const seconds = responseSeconds(chat);
    if (seconds !== null) f.responseSeconds.push(seconds);
  }

  const counts = await db.sequelize.query<{ client_id: number; sender_type: string; sender_id: number | null; message_type: string; n: number | string }>(
    `SELECT c.client_id AS client_id, m.sender_type AS sender_type, m.sender_id AS sender_id, m.message_type AS message_type, COUNT(*) AS n
       FROM messages m JOIN chats c ON c.id = m.chat_id
      WHERE m.created_at >= :start AND m.created_at < :end AND m.sender_type IN ('visitor', 'agent') AND m.message_type IN ('text', 'file') AND m.is_internal = :internal
      GROUP BY c.client_id, m.sender_type, m.sender_id, m.message_type`,
    { replacements: { start, end, internal: false }, type: QueryTypes.SELECT },
  );
  for (const row of counts) {
    const n = Number(row.n);
    const targets = [client(row.client_id)];
    if (row.sender_type === 'agent' && row.sender_id) targets.push(agent(row.client_id, row.sender_id));
    for (const f of targets) {
      f.messages += n;
      if (row.message_type === 'file') f.files += n;
    }
  }

  const rowOf = (clientId: number, userId: number | null, f: Figures): SnapshotRow => ({
    date: day,
    client_id: clientId,
    user_id: userId,
    total_visitors: f.visitors.size,
    total_chats: f.chats.size,
    avg_response_time: average(f.responseSeconds),
    total_messages_sent: f.messages,
    total_files_shared: f.files,
  });
  return [
    ...[...perClient].map(([clientId, f]) => rowOf(clientId, null, f)),
    ...[...perAgent].map(([key, f]) => {
      const [clientId, userId] = key.split(':').map(Number);
      return rowOf(clientId, userId, f);
    }),
  ].sort((a, b) => a.client_id - b.client_id || (a.user_id ?? 0) - (b.user_id ?? 0));
}
