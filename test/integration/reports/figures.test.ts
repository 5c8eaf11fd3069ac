import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';

// Days 2026-11-01..02 in Paris (UTC+1 in November): [2026-10-31T23:00Z, 2026-11-02T23:00Z).
const FROM = '2026-10-31 23:00:00';
const TO = '2026-11-02 23:00:00';

/** Chats to seed: start (UTC), minutes to the first answer (null: none), minutes to the end, status, rating, lead form, agent. */
const CHATS: [string, number | null, number | null, string, number | null, boolean, 'alex' | 'ann' | null, 'A' | 'B'][] = [
  ['2026-10-31T22:30:00Z', 0.5, 10, 'closed', 5, true, 'alex', 'A'], // Oct 31 23:30 in Paris: outside
  ['2026-10-31T23:30:00Z', 0.5, 10, 'closed', 5, true, 'alex', 'A'], // Nov 1 00:30 in Paris (a Sunday)
  ['2026-11-01T08:10:00Z', 3, 20, 'closed', 4, false, 'alex', 'A'],
  ['2026-11-01T08:50:00Z', 10, 25, 'closed', null, true, 'ann', 'A'],
  ['2026-11-01T09:05:00Z', 30, 60, 'closed', 2, false, 'ann', 'A'],
  ['2026-11-02T10:00:00Z', 120, 150, 'closed', 3, false, 'alex', 'A'],
  ['2026-11-02T11:00:00Z', null, 5, 'closed', null, false, null, 'A'], // missed
  ['2026-11-02T12:00:00Z', null, null, 'offline', null, true, null, 'A'], // missed, an offline message
  ['2026-11-02T13:00:00Z', 1, null, 'active', null, false, 'ann', 'A'],
  ['2026-11-02T22:59:00Z', 5, 8, 'closed', 1, false, 'alex', 'A'], // Nov 2 23:59 in Paris
  ['2026-11-02T23:00:00Z', 0.2, 2, 'closed', 5, true, 'alex', 'A'], // Nov 3 in Paris: outside
  ['2026-11-01T12:00:00Z', 2, 9, 'closed', 5, true, null, 'B'], // site B: Alex never sees it
];

/** GET /api/reports/figures: each figure against plain SQL on the same rows, days in the company's time zone. */
describeEachDialect('report figures', (dialect) => {
  const scene = withServer(dialect, { jobs: { timezone: 'Europe/Paris' } });
  const ids: Record<string, number> = {};
  let alex: ApiClient;
  let boss: ApiClient;

  before(async () => {
    const { f, db } = scene;
    const m = db.models;
    const a = await f.client({ name: 'Site A' });
    const b = await f.client({ name: 'Site B' });
    const users = { alex: await f.user('agent', { email: 'alex@a.test', pseudo_name: 'Alex' }, [a.id]), ann: await f.user('agent', { email: 'ann@a.test', pseudo_name: 'Ann' }, [a.id]) };
    await f.user('manager', { email: 'boss@a.test' });
    Object.assign(ids, { a: a.id, b: b.id, alex: users.alex.id, ann: users.ann.id });
    const at = (iso: string, minutes: number | null) => (minutes === null ? null : new Date(Date.parse(iso) + minutes * 60_000));
    for (const [start, answer, end, status, rating, lead, agent, site] of CHATS) {
      const clientId = site === 'A' ? a.id : b.id;
      const visitor = await f.visitor(clientId);
      await m.VisitorSession.create({ visitor_id: visitor.id, client_id: clientId, session_key: `s-${visitor.id}`, started_at: at(start, -5)! });
      const chat = await f.chat(clientId, visitor.id, { status, started_at: new Date(start), first_response_at: at(start, answer), ended_at: at(start, end), rating, lead_form_filled: lead });
      if (agent) await m.ChatParticipant.create({ chat_id: chat.id, user_id: users[agent].id, joined_at: new Date(start) });
      await f.message(chat.id, { body: 'hello', created_at: new Date(start) });
      if (agent) await f.message(chat.id, { sender_type: 'agent', sender_id: users[agent].id, body: 'hi', created_at: at(start, answer ?? 1) });
      if (rating === 5) await f.message(chat.id, { message_type: 'file', body: null, file_name: 'a.pdf', file_path: 'x/a.pdf', created_at: at(start, 1) });
      await f.message(chat.id, { sender_type: 'agent', sender_id: users.alex.id, body: 'note', is_internal: true, created_at: new Date(start) });
    }
    alex = await signedIn(scene.server.baseUrl, 'alex@a.test', TEST_PASSWORD);
    boss = await signedIn(scene.server.baseUrl, 'boss@a.test', TEST_PASSWORD);
  });

  const sql = async (query: string, values: unknown[] = []) => (await scene.db.sequelize.query<Record<string, unknown>>(query, { replacements: values, type: QueryTypes.SELECT }))[0];
  const ts = (column: string) => (dialect === 'sqlite' ? `strftime('%s', substr(${column}, 1, 19))` : `UNIX_TIMESTAMP(${column})`);
  const secs = (a: string, b: string) => `(${ts(b)} - ${ts(a)})`;
  const inPeriod = (site: 'a' | 'b' | null) => `c.started_at >= '${FROM}' AND c.started_at < '${TO}'${site ? ` AND c.client_id = ${ids[site]}` : ''}`;
  const num = (v: unknown) => (v == null ? null : Number(v));
  const round = (v: unknown, digits = 0) => (v == null ? null : Number(Number(v).toFixed(digits)));

  async function expectedFigures(site: 'a' | 'b' | null, agent?: number) {
    const who = agent ? ` AND EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = c.id AND p.user_id = ${agent})` : '';
    const r = await sql(`SELECT COUNT(*) AS chats,
        SUM(CASE WHEN c.first_response_at IS NULL AND c.status IN ('closed', 'offline') THEN 1 ELSE 0 END) AS missed,
        SUM(CASE WHEN c.lead_form_filled = 1 THEN 1 ELSE 0 END) AS conversions,
        AVG(CASE WHEN c.first_response_at IS NOT NULL THEN ${secs('c.started_at', 'c.first_response_at')} END) AS frt,
        AVG(CASE WHEN c.ended_at IS NOT NULL THEN ${secs('c.started_at', 'c.ended_at')} END) AS duration,
        AVG(c.rating) AS rating
      FROM chats c WHERE ${inPeriod(site)}${who}`);
    return { chats: Number(r.chats), missed: Number(r.missed), conversions: Number(r.conversions), avgFirstResponseSeconds: round(r.frt), avgDurationSeconds: round(r.duration), avgRating: round(r.rating, 2) };
  }

  it('gives the overview cards, first-response distribution and busiest hours as plain SQL counts them', async () => {
    const res = await boss.get('/api/reports/figures?from=2026-11-01&to=2026-11-02');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const body = res.body;
    expect(body).to.include({ from: '2026-11-01', to: '2026-11-02', timeZone: 'Europe/Paris' });
    const visitors = await sql(`SELECT COUNT(DISTINCT visitor_id) AS n FROM visitor_sessions WHERE started_at >= '${FROM}' AND started_at < '${TO}'`);
    const messages = await sql(`SELECT COUNT(*) AS n, SUM(CASE WHEN message_type = 'file' THEN 1 ELSE 0 END) AS files FROM messages WHERE created_at >= '${FROM}' AND created_at < '${TO}' AND sender_type IN ('visitor', 'agent') AND is_internal = 0`);
    expect(body.overview).to.deep.equal({ ...(await expectedFigures(null)), visitors: Number(visitors.n), messages: Number(messages.n), files: Number(messages.files) });
    expect(body.overview.chats).to.equal(10);

    const bucket = `CASE WHEN ${secs('c.started_at', 'c.first_response_at')} < 60 THEN 0 WHEN ${secs('c.started_at', 'c.first_response_at')} < 300 THEN 1 WHEN ${secs('c.started_at', 'c.first_response_at')} < 900 THEN 2 WHEN ${secs('c.started_at', 'c.first_response_at')} < 3600 THEN 3 ELSE 4 END`;
    const buckets = await scene.db.sequelize.query<{ b: number; n: number }>(`SELECT ${bucket} AS b, COUNT(*) AS n FROM chats c WHERE ${inPeriod(null)} AND c.first_response_at IS NOT NULL GROUP BY ${bucket}`, { type: QueryTypes.SELECT });
    const expectedBuckets = [0, 0, 0, 0, 0];
    for (const r of buckets) expectedBuckets[Number(r.b)] = Number(r.n);
    expect(body.firstResponse.map((b: { chats: number }) => b.chats)).to.deep.equal(expectedBuckets);
    expect(body.firstResponse.map((b: { fromMinutes: number; toMinutes: number | null }) => [b.fromMinutes, b.toMinutes])).to.deep.equal([[0, 1], [1, 5], [5, 15], [15, 60], [60, null]]);

    // Paris is an hour ahead in November: weekday (Monday 0) and hour of start + 1 h.
    const local = dialect === 'sqlite' ? "datetime(substr(c.started_at, 1, 19), '+1 hour')" : 'DATE_ADD(c.started_at, INTERVAL 1 HOUR)';
    const weekday = dialect === 'sqlite' ? `(CAST(strftime('%w', ${local}) AS INTEGER) + 6) % 7` : `WEEKDAY(${local})`;
    const hour = dialect === 'sqlite' ? `CAST(strftime('%H', ${local}) AS INTEGER)` : `HOUR(${local})`;
    const cells = await scene.db.sequelize.query<{ d: number; h: number; n: number }>(`SELECT ${weekday} AS d, ${hour} AS h, COUNT(*) AS n FROM chats c WHERE ${inPeriod(null)} GROUP BY ${weekday}, ${hour}`, { type: QueryTypes.SELECT });
    const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    for (const c of cells) grid[Number(c.d)][Number(c.h)] = Number(c.n);
    expect(body.busiestHours).to.deep.equal(grid);
    expect(body.busiestHours[6][0]).to.equal(1); // Sunday Nov 1, 00:30 in Paris
    expect(body.busiestHours[0][23]).to.equal(1); // Monday Nov 2, 23:59 in Paris
  });

  it('gives the figures per website and per agent; an agent sees his websites and his own row only', async () => {
    const all = (await boss.get('/api/reports/figures?from=2026-11-01&to=2026-11-02')).body;
    const siteA = all.byWebsite.find((w: { clientId: number }) => w.clientId === ids.a);
    const visitorsA = await sql(`SELECT COUNT(DISTINCT visitor_id) AS n FROM visitor_sessions WHERE started_at >= '${FROM}' AND started_at < '${TO}' AND client_id = ${ids.a}`);
    const a = await expectedFigures('a');
    expect(siteA).to.deep.equal({ clientId: ids.a, name: 'Site A', visitors: Number(visitorsA.n), ...a, conversionRate: round(a.conversions / a.chats, 3) });
    expect(all.byWebsite.map((w: { clientId: number }) => w.clientId)).to.deep.equal([ids.a, ids.b]);
    for (const [name, id] of [['Alex', ids.alex], ['Ann', ids.ann]] as const) {
      expect(all.byAgent.find((r: { userId: number }) => r.userId === id)).to.deep.equal({ userId: id, name, ...(await expectedFigures(null, id)) });
    }

    const own = await alex.get('/api/reports/figures?from=2026-11-01&to=2026-11-02');
    expect(own.body.byWebsite.map((w: { clientId: number }) => w.clientId)).to.deep.equal([ids.a]);
    expect(own.body.overview.chats).to.equal(a.chats);
    expect(own.body.byAgent.map((r: { userId: number }) => r.userId)).to.deep.equal([ids.alex]);
    const foreign = await alex.get(`/api/reports/figures?from=2026-11-01&to=2026-11-02&clientIds=${ids.b}`);
    expect(foreign.body.overview).to.include({ chats: 0, visitors: 0, messages: 0 });
    expect(foreign.body.byWebsite).to.deep.equal([]);
  });

  it('gives chats and missed per company day, the rating distribution, and narrows to one agent, as plain SQL counts them', async () => {
    const body = (await boss.get('/api/reports/figures?from=2026-11-01&to=2026-11-03')).body;
    // Paris days in November: [day-1 23:00Z, day 23:00Z).
    const perDay = [];
    for (const [day, start, end] of [['2026-11-01', '2026-10-31 23:00:00', '2026-11-01 23:00:00'], ['2026-11-02', '2026-11-01 23:00:00', '2026-11-02 23:00:00'], ['2026-11-03', '2026-11-02 23:00:00', '2026-11-03 23:00:00']]) {
      const r = await sql(`SELECT COUNT(*) AS chats, SUM(CASE WHEN first_response_at IS NULL AND status IN ('closed', 'offline') THEN 1 ELSE 0 END) AS missed FROM chats WHERE started_at >= ? AND started_at < ?`, [start, end]);
      perDay.push({ day, chats: Number(r.chats), missed: Number(r.missed ?? 0) });
    }
    expect(body.perDay).to.deep.equal(perDay);
    expect(perDay.map((d) => d.chats)).to.deep.equal([5, 5, 1]);
    const stars = await scene.db.sequelize.query<{ rating: number; n: number }>(`SELECT rating, COUNT(*) AS n FROM chats WHERE started_at >= '${FROM}' AND started_at < '2026-11-03 23:00:00' AND rating IS NOT NULL GROUP BY rating`, { type: QueryTypes.SELECT });
    const ratings = [1, 2, 3, 4, 5].map((s) => ({ stars: s, chats: Number(stars.find((r) => Number(r.rating) === s)?.n ?? 0) }));
    expect(body.ratings).to.deep.equal(ratings);

    const ann = (await boss.get(`/api/reports/figures?from=2026-11-01&to=2026-11-02&agentId=${ids.ann}`)).body;
    const { chats, missed, conversions, avgFirstResponseSeconds, avgDurationSeconds, avgRating } = ann.overview;
    expect({ chats, missed, conversions, avgFirstResponseSeconds, avgDurationSeconds, avgRating }).to.deep.equal(await expectedFigures(null, ids.ann));
    expect(ann.byAgent.map((r: { userId: number }) => r.userId)).to.deep.equal([ids.ann]);
    expect((await boss.get('/api/reports/figures?from=2026-11-01&to=2026-11-02&agentId=abc')).status).to.equal(422);
  });

  it('refuses a bad period with a 422 naming it', async () => {
    const res = await boss.get('/api/reports/figures?from=2026-11-05&to=2026-11-01');
    expect(res.status).to.equal(422);
    expect(res.body.error.message).to.include('to: must not be before from');
    expect((await boss.get('/api/reports/figures?from=yesterday&to=2026-11-01')).body.error.message).to.include('from: must be a day such as 2026-12-01');
    expect((await boss.get('/api/reports/figures?from=2024-01-01&to=2026-11-01')).body.error.message).to.include('at most 366 days');
  });
});
