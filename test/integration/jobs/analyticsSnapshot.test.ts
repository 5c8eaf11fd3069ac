import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { runCli } from '../../helpers/cli.js';

const at = (iso: string) => new Date(iso);

describeEachDialect('job: analytics-snapshot', (dialect) => {
  let install: Installed;
  let db: ReturnType<Installed['open']>;
  let ids: Record<string, number>;

  /**
   * 2026-11-20 in Europe/Paris runs from 2026-11-19T23:00Z to 2026-11-20T23:00Z. Seeded activity
   * inside that day, and some just after it (00:30 in Paris on the 21st) that must not count.
   */
  before(async () => {
    install = await installFixture(dialect, { jobs: { timezone: 'Europe/Paris' } });
    db = install.open();
    const f = factories(db);
    const m = db.models;
    const a = await f.client();
    const b = await f.client();
    const alex = await f.user('agent', {}, [a.id]);
    const sam = await f.user('agent', {}, [a.id, b.id]);
    const [v1, v2, v3] = [await f.visitor(a.id), await f.visitor(a.id), await f.visitor(a.id)];
    const v4 = await f.visitor(b.id);
    const visit = (visitorId: number, clientId: number, startedAt: string) =>
      m.VisitorSession.create({ visitor_id: visitorId, client_id: clientId, session_key: `${visitorId}-${startedAt}`, started_at: at(startedAt), last_activity_at: at(startedAt), is_online: false });
    await visit(v1.id, a.id, '2026-11-20T10:00:00Z');
    await visit(v1.id, a.id, '2026-11-20T15:00:00Z'); // the same visitor again: counted once
    await visit(v2.id, a.id, '2026-11-20T22:30:00Z'); // 23:30 in Paris: still the 20th
    await visit(v3.id, a.id, '2026-11-20T23:30:00Z'); // 00:30 on the 21st in Paris
    await visit(v4.id, b.id, '2026-11-20T09:00:00Z');
    const c1 = await f.chat(a.id, v1.id, { started_at: at('2026-11-20T10:05:00Z'), first_response_at: at('2026-11-20T10:05:30Z') });
    const c2 = await f.chat(a.id, v2.id, { started_at: at('2026-11-20T22:31:00Z'), first_response_at: at('2026-11-20T22:33:00Z') });
    await f.chat(a.id, v2.id, { status: 'offline', started_at: at('2026-11-20T12:00:00Z') }); // never answered
    const c4 = await f.chat(b.id, v4.id, { started_at: at('2026-11-20T09:01:00Z'), first_response_at: at('2026-11-20T09:02:00Z') });
    const c5 = await f.chat(a.id, v3.id, { started_at: at('2026-11-20T23:31:00Z'), first_response_at: at('2026-11-20T23:32:00Z') });
    await m.ChatParticipant.create({ chat_id: c1.id, user_id: alex.id, joined_at: at('2026-11-20T10:05:20Z') });
    await m.ChatParticipant.create({ chat_id: c2.id, user_id: sam.id, joined_at: at('2026-11-20T22:32:00Z') });
    await m.ChatParticipant.create({ chat_id: c4.id, user_id: sam.id, joined_at: at('2026-11-20T09:01:30Z') });
    await m.ChatParticipant.create({ chat_id: c5.id, user_id: alex.id, joined_at: at('2026-11-20T23:31:30Z') });
    const message = async (chatId: number, when: string, over: Record<string, unknown>) => {
      const row = await f.message(chatId, over);
      await db.sequelize.query('UPDATE messages SET created_at = ? WHERE id = ?', { replacements: [at(when), row.id] });
    };
    const visitorText = (chatId: number, when: string) => message(chatId, when, { sender_type: 'visitor' });
    const agentText = (chatId: number, userId: number, when: string, over: Record<string, unknown> = {}) => message(chatId, when, { sender_type: 'agent', sender_id: userId, ...over });
    await visitorText(c1.id, '2026-11-20T10:05:00Z');
    await visitorText(c1.id, '2026-11-20T10:06:00Z');
    await agentText(c1.id, alex.id, '2026-11-20T10:05:30Z');
    await agentText(c1.id, alex.id, '2026-11-20T10:07:00Z');
    await agentText(c1.id, alex.id, '2026-11-20T10:07:10Z', { is_internal: true, body: '@Sam note' }); // internal: not counted
    await agentText(c1.id, alex.id, '2026-11-20T10:08:00Z', { message_type: 'file', body: null, file_name: 'price-list.pdf', file_size: 1000 });
    await message(c1.id, '2026-11-20T10:08:30Z', { sender_type: 'visitor', message_type: 'file', body: null, file_name: 'photo.jpg', file_size: 2000 });
    await message(c1.id, '2026-11-20T10:09:00Z', { sender_type: 'system', message_type: 'system', body: 'Chat closed by the visitor' }); // not counted
    await visitorText(c2.id, '2026-11-20T22:31:00Z');
    await agentText(c2.id, sam.id, '2026-11-20T22:33:00Z');
    await visitorText(c4.id, '2026-11-20T09:01:00Z');
    await agentText(c4.id, sam.id, '2026-11-20T09:02:00Z');
    await agentText(c4.id, sam.id, '2026-11-20T09:03:00Z');
    await visitorText(c5.id, '2026-11-20T23:31:00Z'); // the 21st in Paris
    await agentText(c5.id, alex.id, '2026-11-20T23:32:00Z');
    ids = { a: a.id, b: b.id, alex: alex.id, sam: sam.id };
  });
  after(async () => {
    await db.close();
    await install.cleanup();
  });

  const rows = async (date: string) =>
    (await db.models.AnalyticsSnapshot.findAll({ where: { date }, order: [['client_id', 'ASC'], ['user_id', 'ASC']] })).map((r) => ({
      client_id: r.client_id,
      user_id: r.user_id,
      total_visitors: r.total_visitors,
      total_chats: r.total_chats,
      avg_response_time: r.avg_response_time,
      total_messages_sent: r.total_messages_sent,
      total_files_shared: r.total_files_shared,
    }));

  it("stores the day's rows per website and per agent (jobs.timezone's day), and a rerun replaces them", async () => {
    // 00:30 on the 21st in Paris: the job computes the 20th.
    const run = await runCli(['jobs', 'run', 'analytics-snapshot', '--at', '2026-11-20T23:30:00Z', '--json'], { dataDir: install.dataDir });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.json()).to.include({ status: 'done' });
    expect(run.json().summary).to.match(/^2026-11-20: 5 row/);
    const expected = [
      { client_id: ids.a, user_id: null, total_visitors: 2, total_chats: 3, avg_response_time: 75, total_messages_sent: 8, total_files_shared: 2 },
      { client_id: ids.a, user_id: ids.alex, total_visitors: 1, total_chats: 1, avg_response_time: 30, total_messages_sent: 3, total_files_shared: 1 },
      { client_id: ids.a, user_id: ids.sam, total_visitors: 1, total_chats: 1, avg_response_time: 120, total_messages_sent: 1, total_files_shared: 0 },
      { client_id: ids.b, user_id: null, total_visitors: 1, total_chats: 1, avg_response_time: 60, total_messages_sent: 3, total_files_shared: 0 },
      { client_id: ids.b, user_id: ids.sam, total_visitors: 1, total_chats: 1, avg_response_time: 60, total_messages_sent: 2, total_files_shared: 0 },
    ].sort((x, y) => x.client_id - y.client_id || (x.user_id ?? 0) - (y.user_id ?? 0));
    expect(await rows('2026-11-20')).to.deep.equal(expected);

    const again = await runCli(['jobs', 'run', 'analytics-snapshot', '--at', '2026-11-21T08:00:00+01:00', '--json'], { dataDir: install.dataDir });
    expect(again.code, again.stderr).to.equal(0);
    expect(await rows('2026-11-20')).to.deep.equal(expected);
    expect(await db.models.AnalyticsSnapshot.count()).to.equal(expected.length);
  });
});
