import type { Scene } from '../../helpers/scene.js';

const at = (iso: string) => new Date(iso);
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

export interface HistorySeed {
  siteA: number;
  siteB: number;
  alex: number;
  ann: number;
  /** Closed, rated 5, lead form filled, Alex answered, a file, "zebras" and "shipping", came from Google. */
  zebra: number;
  /** An offline message, nobody answered, visitor Oscar. */
  offline: number;
  /** Active, Ann answering, "shipping" asked, visitor named like a formula. */
  formula: number;
  /** Closed, unrated, plain: enough of them to page through. */
  plain: number[];
  /** Site B's chat: Alex must never see it. */
  secret: number;
}

/**
 * The chats the history and export tests read: site A (Alex's and Ann's) with one chat of each
 * kind the filters tell apart, and site B's chat that no agent of A may ever see.
 */
export async function seedHistory(scene: Scene): Promise<HistorySeed> {
  const { f, db } = scene;
  const m = db.models;
  const a = await f.client({ name: 'Site A', domains: ['a.test'] });
  const b = await f.client({ name: 'Site B', domains: ['b.test'] });
  const alex = await f.user('agent', { email: 'alex@a.test', pseudo_name: 'Alex' }, [a.id]);
  const ann = await f.user('agent', { email: 'ann@a.test', pseudo_name: 'Ann' }, [a.id]);
  await f.user('agent', { email: 'olga@b.test', pseudo_name: 'Olga' }, [b.id]);
  await f.user('manager', { email: 'boss@a.test' });

  const zebraStart = at('2026-11-01T10:00:00Z');
  const vera = await f.visitor(a.id, { name: 'Vera Zebra', email: 'vera@a.test', phone: '+1 555 0100' });
  const session = await m.VisitorSession.create({ visitor_id: vera.id, client_id: a.id, session_key: `s-${vera.id}`, referrer_url: 'https://www.google.com/', landing_page: 'https://a.test/', utm: { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'winter' }, started_at: plus(zebraStart, -600) });
  for (const [i, offset] of [-500, -300, -100, 60].entries()) await m.PageVisit.create({ visitor_session_id: session.id, page_url: `https://a.test/p${i}`, visited_at: plus(zebraStart, offset) });
  const zebra = await f.chat(a.id, vera.id, { visitor_session_id: session.id, status: 'closed', lead_form_filled: true, service_type: 'Shipping', started_at: zebraStart, first_response_at: plus(zebraStart, 30), ended_at: plus(zebraStart, 600), rating: 5, rating_comment: 'Great help', last_message_at: plus(zebraStart, 590) });
  await m.ChatParticipant.create({ chat_id: zebra.id, user_id: alex.id, joined_at: plus(zebraStart, 20) });
  await f.message(zebra.id, { body: 'Do you ship zebras to Norway?', created_at: plus(zebraStart, 1) });
  await f.message(zebra.id, { sender_type: 'agent', sender_id: alex.id, body: 'Yes, shipping takes a week.', created_at: plus(zebraStart, 30) });
  await f.message(zebra.id, { message_type: 'file', body: null, file_name: 'invoice.pdf', file_path: 'x/invoice.pdf', file_size: 10, file_type: 'application/pdf', created_at: plus(zebraStart, 40) });
  await f.message(zebra.id, { sender_type: 'system', message_type: 'system', body: 'Alex joined the chat', created_at: plus(zebraStart, 20) });

  const oscar = await f.visitor(a.id, { name: 'Oscar Offline', email: 'oscar@a.test', phone: null });
  const offline = await f.chat(a.id, oscar.id, { status: 'offline', started_at: at('2026-11-02T09:00:00Z') });
  await f.message(offline.id, { body: 'Please send the price list' });

  const mallory = await f.visitor(a.id, { name: '=HYPERLINK("http://evil.test","click")', email: '@evil.test', phone: '-1' });
  const formula = await f.chat(a.id, mallory.id, { status: 'active', started_at: at('2026-11-03T09:00:00Z'), first_response_at: at('2026-11-03T09:02:00Z') });
  await m.ChatParticipant.create({ chat_id: formula.id, user_id: ann.id, joined_at: at('2026-11-03T09:01:00Z') });
  await f.message(formula.id, { body: '+shipping times? =1+1' });

  const plain: number[] = [];
  for (let i = 0; i < 7; i++) {
    const v = await f.visitor(a.id, { name: `Plain ${i}` });
    const start = at(`2026-10-${String(10 + i).padStart(2, '0')}T12:00:00Z`);
    plain.push((await f.chat(a.id, v.id, { status: 'closed', started_at: start, ended_at: plus(start, 120) })).id);
  }
  // Two chats starting at the same moment: the cursor must tell them apart by id.
  const tie = await f.visitor(a.id, { name: 'Plain tie' });
  plain.push((await f.chat(a.id, tie.id, { status: 'closed', started_at: at('2026-10-12T12:00:00Z'), ended_at: at('2026-10-12T12:02:00Z') })).id);

  const zed = await f.visitor(b.id, { name: 'Zed Secret', email: 'zed@b.test', phone: '+44 20 7946 0000' });
  const secret = await f.chat(b.id, zed.id, { status: 'closed', lead_form_filled: true, rating: 5, started_at: at('2026-11-01T11:00:00Z'), ended_at: at('2026-11-01T11:10:00Z') });
  await f.message(secret.id, { body: 'the zebra password is hunter2 shipping' });
  await f.message(secret.id, { message_type: 'file', body: null, file_name: 'secret.pdf', file_path: 'x/secret.pdf', file_size: 10, file_type: 'application/pdf' });

  return { siteA: a.id, siteB: b.id, alex: alex.id, ann: ann.id, zebra: zebra.id, offline: offline.id, formula: formula.id, plain, secret: secret.id };
}
