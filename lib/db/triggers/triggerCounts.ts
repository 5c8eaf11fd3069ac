import { QueryTypes, type Sequelize } from 'sequelize';

export interface TriggerCounts {
  shown: number;
  accepted: number;
  chatsStarted: number;
}

/**
 * Per trigger: greetings shown; accepted (the visitor opened the chat after it, or wrote); chats
 * started (the visitor wrote in a chat of that visit after the greeting). Read from the rows, so
 * there is no counter to keep in step.
 */
export async function triggerCounts(sequelize: Sequelize, triggerIds: number[]): Promise<Map<number, TriggerCounts>> {
  const counts = new Map<number, TriggerCounts>();
  if (!triggerIds.length) return counts;
  const wrote = `EXISTS (SELECT 1 FROM chats c JOIN messages m ON m.chat_id = c.id
    WHERE c.visitor_session_id = ts.visitor_session_id AND m.sender_type = 'visitor' AND m.created_at >= ts.shown_at)`;
  const rows = await sequelize.query<{ trigger_id: number; shown: number | string; accepted: number | string | null; started: number | string | null }>(
    `SELECT ts.trigger_id, COUNT(*) AS shown,
       SUM(CASE WHEN ts.accepted_at IS NOT NULL OR ${wrote} THEN 1 ELSE 0 END) AS accepted,
       SUM(CASE WHEN ${wrote} THEN 1 ELSE 0 END) AS started
     FROM trigger_shows ts WHERE ts.trigger_id IN (?) GROUP BY ts.trigger_id`,
    { replacements: [triggerIds], type: QueryTypes.SELECT },
  );
  for (const r of rows) counts.set(Number(r.trigger_id), { shown: Number(r.shown), accepted: Number(r.accepted ?? 0), chatsStarted: Number(r.started ?? 0) });
  return counts;
}
