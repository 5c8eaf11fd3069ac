import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { reportFigures } from '../../../lib/domain/reports/reportFigures.js';
import { rollUpDays } from '../../../lib/domain/reports/rollupDay.js';
import type { Database } from '../../../lib/db/index.js';

const TZ = 'Europe/Paris'; // UTC+1 in November
const NOW = new Date('2026-11-05T15:00:00Z'); // today is Nov 5 in Paris
const PAST = ['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'];
const HOURS = [0, 5, 9, 13, 22, 23]; // 22:30 and 23:30 UTC are the next day in Paris
const ANSWER = [0.5, 3, 10, 30, 120, null];

/**
 * The Analytics figures from rollups: chats over several days, the past days rolled up, every
 * figure the same as from the chats themselves and as plain SQL counts it; today stays live.
 */
describeEachDialect('report rollups', (dialect) => {
  let install: Installed;
  let db: Database;
  const ids: Record<string, number> = {};

  before(async function () {
    this.timeout(60_000);
    install = await installFixture(dialect);
    db = install.open();
    const f = factories(db);
    const m = db.models;
    const a = await f.client({ name: 'Site A' });
    const b = await f.client({ name: 'Site B' });
    const alex = await f.user('agent', { email: 'alex@a.test', pseudo_name: 'Alex' }, [a.id, b.id]);
    const ann = await f.user('agent', { email: 'ann@a.test', pseudo_name: 'Ann' }, [a.id]);
    Object.assign(ids, { a: a.id, b: b.id, alex: alex.id, ann: ann.id });
    const at = (start: Date, minutes: number | null) => (minutes === null ? null : new Date(start.getTime() + minutes * 60_000));
    for (let d = 0; d < 6; d += 1) {
      for (let i = 0; i < HOURS.length; i += 1) {
        const start = new Date(Date.UTC(2026, 9, 31 + d, HOURS[i], 30 + d));
        if (start > NOW) continue;
        const site = (i + d) % 3 === 2 ? b : a;
        const answer = ANSWER[(i + d) % ANSWER.length];
        const visitor = await f.visitor(site.id);
        await m.VisitorSession.create({ visitor_id: visitor.id, client_id: site.id, session_key: `s-${visitor.id}`, started_at: at(start, -5)! });
        const status = answer === null ? (i % 2 ? 'offline' : 'closed') : d === 5 ? 'active' : 'closed';
        const chat = await f.chat(site.id, visitor.id, { status, started_at: start, first_response_at: at(start, answer), ended_at: status === 'closed' ? at(start, 45 + i) : null, rating: (i + d) % 6 ? ((i + d) % 5) + 1 : null, lead_form_filled: (i + d) % 2 === 0 });
        const agents = answer === null ? [] : site.id === b.id ? [alex] : (i + d) % 4 === 0 ? [alex, ann] : [(i + d) % 2 ? ann : alex];
        for (const u of agents) await m.ChatParticipant.create({ chat_id: chat.id, user_id: u.id, joined_at: start });
        await f.message(chat.id, { body: 'hello', created_at: start });
        for (const u of agents) await f.message(chat.id, { sender_type: 'agent', sender_id: u.id, body: 'hi', created_at: at(start, answer) });
        if (i % 3 === 0) await f.message(chat.id, { message_type: 'file', body: null, file_name: 'a.pdf', file_path: 'x/a.pdf', created_at: at(start, 2) });
        await f.message(chat.id, { sender_type: 'agent', sender_id: alex.id, body: 'note', is_internal: true, created_at: start });
      }
    }
  });
  after(async () => {
    await db?.close();
    await install?.cleanup();
  });

  const figures = (from: string, to: string, visible: number[] | null = null, onlyAgent: number | null = null) => reportFigures(db.models, visible, TZ, { from, to }, onlyAgent, NOW);
  const sql = async (query: string) => (await db.sequelize.query<Record<string, unknown>>(query, { type: QueryTypes.SELECT }))[0];
  const ts = (column: string) => (dialect === 'sqlite' ? `strftime('%s', substr(${column}, 1, 19))` : `UNIX_TIMESTAMP(${column})`);
  const secs = (a: string, b: string) => `(${ts(b)} - ${ts(a)})`;
  const round = (v: unknown, digits = 0) => (v == null ? null : Number(Number(v).toFixed(digits)));
  const utc = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
  // Paris days: [day - 1h UTC, next day - 1h UTC).
  const bounds = (from: string, to: string) => [utc(new Date(Date.parse(`${from}T00:00:00Z`) - 3_600_000)), utc(new Date(Date.parse(`${to}T00:00:00Z`) + 23 * 3_600_000))];

  async function plainSql(from: string, to: string) {
    const [start, end] = bounds(from, to);
    const period = `c.started_at >= '${start}' AND c.started_at < '${end}'`;
    const cards = async (extra: string) => {
      const r = await sql(`SELECT COUNT(*) AS chats, SUM(CASE WHEN c.first_response_at IS NULL AND c.status IN ('closed', 'offline') THEN 1 ELSE 0 END) AS missed,
          SUM(CASE WHEN c.lead_form_filled = 1 THEN 1 ELSE 0 END) AS conversions, AVG(CASE WHEN c.first_response_at IS NOT NULL THEN ${secs('c.started_at', 'c.first_response_at')} END) AS frt,
          AVG(CASE WHEN c.ended_at IS NOT NULL THEN ${secs('c.started_at', 'c.ended_at')} END) AS duration, AVG(c.rating) AS rating
        FROM chats c WHERE ${period}${extra}`);
      return { chats: Number(r.chats), missed: Number(r.missed ?? 0), conversions: Number(r.conversions ?? 0), avgFirstResponseSeconds: round(r.frt), avgDurationSeconds: round(r.duration), avgRating: round(r.rating, 2) };
    };
    const visitors = async (extra: string) => Number((await sql(`SELECT COUNT(DISTINCT visitor_id) AS n FROM visitor_sessions s WHERE s.started_at >= '${start}' AND s.started_at < '${end}'${extra}`)).n);
    const msgs = await sql(`SELECT COUNT(*) AS n, SUM(CASE WHEN message_type = 'file' THEN 1 ELSE 0 END) AS files FROM messages WHERE created_at >= '${start}' AND created_at < '${end}' AND sender_type IN ('visitor', 'agent') AND is_internal = 0`);
    const f = secs('c.started_at', 'c.first_response_at');
    const bucket = `CASE WHEN ${f} < 60 THEN 0 WHEN ${f} < 300 THEN 1 WHEN ${f} < 900 THEN 2 WHEN ${f} < 3600 THEN 3 ELSE 4 END`;
    const buckets = [0, 0, 0, 0, 0];
    for (const r of await db.sequelize.query<{ b: number; n: number }>(`SELECT ${bucket} AS b, COUNT(*) AS n FROM chats c WHERE ${period} AND c.first_response_at IS NOT NULL GROUP BY ${bucket}`, { type: QueryTypes.SELECT })) buckets[Number(r.b)] = Number(r.n);
    const local = dialect === 'sqlite' ? "datetime(substr(c.started_at, 1, 19), '+1 hour')" : 'DATE_ADD(c.started_at, INTERVAL 1 HOUR)';
    const weekday = dialect === 'sqlite' ? `(CAST(strftime('%w', ${local}) AS INTEGER) + 6) % 7` : `WEEKDAY(${local})`;
    const hour = dialect === 'sqlite' ? `CAST(strftime('%H', ${local}) AS INTEGER)` : `HOUR(${local})`;
    const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    for (const c of await db.sequelize.query<{ d: number; h: number; n: number }>(`SELECT ${weekday} AS d, ${hour} AS h, COUNT(*) AS n FROM chats c WHERE ${period} GROUP BY ${weekday}, ${hour}`, { type: QueryTypes.SELECT })) grid[Number(c.d)][Number(c.h)] = Number(c.n);
    const byWebsite = [];
    for (const [clientId, name] of [[ids.a, 'Site A'], [ids.b, 'Site B']] as const) {
      const w = await cards(` AND c.client_id = ${clientId}`);
      if (w.chats) byWebsite.push({ clientId, name, visitors: await visitors(` AND s.client_id = ${clientId}`), ...w, conversionRate: round(w.conversions / w.chats, 3) });
    }
    const byAgent = [];
    for (const [userId, name] of [[ids.alex, 'Alex'], [ids.ann, 'Ann']] as const) {
      const r = await cards(` AND EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = c.id AND p.user_id = ${userId})`);
      if (r.chats) byAgent.push({ userId, name, ...r });
    }
    return {
      overview: { ...(await cards('')), visitors: await visitors(''), messages: Number(msgs.n), files: Number(msgs.files ?? 0) },
      buckets,
      grid,
      byWebsite: byWebsite.sort((x, y) => y.chats - x.chats || x.clientId - y.clientId),
      byAgent: byAgent.sort((x, y) => y.chats - x.chats || x.userId - y.userId),
    };
  }

  const RANGES = [['2026-10-31', '2026-11-05'], ['2026-11-01', '2026-11-03'], ['2026-11-04', '2026-11-05'], ['2026-11-05', '2026-11-05'], ['2026-11-02', '2026-11-02']] as const;

  it('gives every figure from the rollups of past days as plain SQL counts it from the chats, today live', async () => {
    const before = [];
    for (const [from, to] of RANGES) before.push(await figures(from, to));
    expect(await rollUpDays(db.sequelize, PAST, TZ, NOW)).to.be.greaterThan(10);
    expect(Number((await sql('SELECT COUNT(*) AS n FROM report_rollup_days')).n)).to.equal(PAST.length);
    for (const [i, [from, to]] of RANGES.entries()) {
      const got = await figures(from, to);
      expect(got, `${from}..${to}: rollups and chats`).to.deep.equal(before[i]);
      const want = await plainSql(from, to);
      expect(got.overview, `${from}..${to}`).to.deep.equal(want.overview);
      expect(got.firstResponse.map((b) => b.chats), `${from}..${to}`).to.deep.equal(want.buckets);
      expect(got.busiestHours, `${from}..${to}`).to.deep.equal(want.grid);
      expect(got.byWebsite, `${from}..${to}`).to.deep.equal(want.byWebsite);
      expect(got.byAgent, `${from}..${to}`).to.deep.equal(want.byAgent);
    }
    expect((await figures('2026-10-31', '2026-11-05')).overview.chats).to.be.greaterThan(25);
  });

  it('keeps an agent to his websites and his own row, from rollups too', async () => {
    const own = await figures('2026-11-01', '2026-11-05', [ids.a], ids.ann);
    expect(own.byWebsite.map((w) => w.clientId)).to.deep.equal([ids.a]);
    expect(own.byAgent.map((r) => r.userId)).to.deep.equal([ids.ann]);
    const foreign = await figures('2026-11-01', '2026-11-05', []);
    expect(foreign.overview).to.include({ chats: 0, visitors: 0, messages: 0 });
  });

  it('reads past days from their rollups and today from its chats', async () => {
    const past = await figures('2026-11-02', '2026-11-02');
    const today = await figures('2026-11-05', '2026-11-05');
    const removed = await db.models.Chat.findOne({ where: { started_at: new Date(Date.UTC(2026, 10, 2, 9, 32)) } });
    const todays = await db.models.Chat.findOne({ where: { started_at: new Date(Date.UTC(2026, 10, 5, 9, 35)) } });
    await db.models.Message.destroy({ where: { chat_id: [removed!.id, todays!.id] } });
    await db.models.ChatParticipant.destroy({ where: { chat_id: [removed!.id, todays!.id] } });
    await removed!.destroy();
    await todays!.destroy();
    expect(await figures('2026-11-02', '2026-11-02')).to.deep.equal(past);
    expect((await figures('2026-11-05', '2026-11-05')).overview.chats).to.equal(today.overview.chats - 1);
    await rollUpDays(db.sequelize, ['2026-11-02'], TZ, NOW);
    expect((await figures('2026-11-02', '2026-11-02')).overview.chats).to.equal(past.overview.chats - 1);
  });
});
