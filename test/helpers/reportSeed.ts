import type { Database } from '../../lib/db/index.js';
import { factories } from './factories.js';

/**
 * Chats for report tests, in Europe/Paris days: two websites (A: Alex and Ann, B: Bob), a manager
 * and a super admin; chats on Sun 1, Mon 2 and Wed 4 November 2026 with answers, ratings, a missed
 * one and a lead form, and one on 31 October (outside November).
 */
export async function seedReportChats(db: Database) {
  const f = factories(db);
  const a = await f.client({ name: 'Site Alpha' });
  const b = await f.client({ name: 'Site Beta' });
  const alex = await f.user('agent', { email: 'alex@r.test', pseudo_name: 'Alex' }, [a.id]);
  const ann = await f.user('agent', { email: 'ann@r.test', pseudo_name: 'Ann' }, [a.id]);
  const bob = await f.user('agent', { email: 'bob@r.test', pseudo_name: 'Bob' }, [b.id]);
  const boss = await f.user('manager', { email: 'boss@r.test', name: 'Bea Boss' });
  const root = await f.user('super_admin', { email: 'root@r.test', name: 'Root Admin' });
  const minutes = (iso: string, m: number | null) => (m === null ? null : new Date(Date.parse(iso) + m * 60_000));
  const chats: [string, number | null, number | null, number | null, boolean, typeof alex | null, typeof a][] = [
    ['2026-10-31T12:00:00Z', 1, 10, 5, false, alex, a],
    ['2026-11-01T09:00:00Z', 0.5, 12, 5, true, alex, a],
    ['2026-11-01T10:00:00Z', 7, 30, 3, false, ann, a],
    ['2026-11-02T14:00:00Z', 2, 20, 4, true, bob, b],
    ['2026-11-02T15:00:00Z', null, 5, null, false, null, a],
    ['2026-11-04T08:30:00Z', 90, 120, 2, false, ann, a],
    ['2026-11-04T16:00:00Z', 20, 40, 1, true, bob, b],
  ];
  for (const [start, answer, end, rating, lead, agent, site] of chats) {
    const visitor = await f.visitor(site.id);
    await db.models.VisitorSession.create({ visitor_id: visitor.id, client_id: site.id, session_key: `r-${visitor.id}`, started_at: minutes(start, -3)! });
    const chat = await f.chat(site.id, visitor.id, { status: 'closed', started_at: new Date(start), first_response_at: minutes(start, answer), ended_at: minutes(start, end), rating, lead_form_filled: lead });
    if (agent) await db.models.ChatParticipant.create({ chat_id: chat.id, user_id: agent.id, joined_at: new Date(start) });
    await f.message(chat.id, { body: 'hello', created_at: new Date(start) });
  }
  return { a, b, alex, ann, bob, boss, root };
}
