import { QueryTypes, type Sequelize } from 'sequelize';

type Row = Record<string, unknown>;
const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

/** `c.client_id IN (...)` for the websites, or nothing for all of them (null). */
function inClients(clientIds: number[] | null, column: string): { sql: string; values: number[] } {
  return clientIds ? { sql: ` AND ${column} IN (${marks(clientIds.length)})`, values: clientIds } : { sql: '', values: [] };
}

/** Per website: distinct visitors whose visit started in [from, to). */
export async function periodVisitors(sequelize: Sequelize, clientIds: number[] | null, from: Date, to: Date): Promise<Map<number, number>> {
  const visitorsIn = inClients(clientIds, 's.client_id');
  const rows = await sequelize.query<Row>(`SELECT s.client_id, COUNT(DISTINCT s.visitor_id) AS n FROM visitor_sessions s WHERE s.started_at >= ? AND s.started_at < ?${visitorsIn.sql} GROUP BY s.client_id`, {
    replacements: [from, to, ...visitorsIn.values],
    type: QueryTypes.SELECT,
  });
  return new Map(rows.map((r) => [Number(r.client_id), Number(r.n)]));
}

/** Per website: messages and files sent in [from, to) (visitor and agent, no system lines or internal notes). */
export async function periodMessages(sequelize: Sequelize, clientIds: number[] | null, from: Date, to: Date): Promise<Map<number, { messages: number; files: number }>> {
  const messagesIn = inClients(clientIds, 'c.client_id');
  const rows = await sequelize.query<Row>(
    `SELECT c.client_id, COUNT(*) AS n, SUM(CASE WHEN m.message_type = 'file' THEN 1 ELSE 0 END) AS files FROM messages m JOIN chats c ON c.id = m.chat_id
     WHERE m.created_at >= ? AND m.created_at < ? AND m.sender_type IN ('visitor', 'agent') AND m.message_type IN ('text', 'file') AND m.is_internal = ?${messagesIn.sql} GROUP BY c.client_id`,
    { replacements: [from, to, false, ...messagesIn.values], type: QueryTypes.SELECT },
  );
  return new Map(rows.map((r) => [Number(r.client_id), { messages: Number(r.n), files: Number(r.files) }]));
}

/** The agents who took part in each of these chats (user id and pseudo name). */
export async function chatAgents(sequelize: Sequelize, chatIds: number[]): Promise<Map<number, { userId: number; name: string }[]>> {
  const byChat = new Map<number, { userId: number; name: string }[]>();
  if (chatIds.length === 0) return byChat;
  const rows = await sequelize.query<Row>(`SELECT DISTINCT p.chat_id, p.user_id, u.pseudo_name FROM chat_participants p JOIN users u ON u.id = p.user_id WHERE p.chat_id IN (${marks(chatIds.length)})`, { replacements: chatIds, type: QueryTypes.SELECT });
  for (const r of rows) {
    const list = byChat.get(Number(r.chat_id)) ?? [];
    list.push({ userId: Number(r.user_id), name: String(r.pseudo_name) });
    byChat.set(Number(r.chat_id), list);
  }
  return byChat;
}
