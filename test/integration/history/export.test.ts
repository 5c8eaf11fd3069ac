import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { seedHistory, type HistorySeed } from './seedHistory.js';
import { csvOf, xlsxOf } from './exportFiles.js';

/** GET /api/history/export: the filtered history as CSV and Excel, read back and checked against SQL. */
describeEachDialect('chat history export', (dialect) => {
  const scene = withServer(dialect);
  let s: HistorySeed;
  let alex: ApiClient;

  before(async () => {
    s = await seedHistory(scene);
    alex = await signedIn(scene.server.baseUrl, 'alex@a.test', TEST_PASSWORD);
  });

  async function download(query: string) {
    const res = await fetch(`${scene.server.baseUrl}/api/history/export?${query}`, { headers: { cookie: alex.cookie! } });
    return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
  }
  const sql = <T extends object>(query: string, values: unknown[] = []) => scene.db.sequelize.query<T>(query, { replacements: values, type: QueryTypes.SELECT });

  for (const format of ['csv', 'xlsx'] as const) {
    it(`${format}: one row per conversation of the user's websites, each figure as the database has it`, async () => {
      const res = await download(`format=${format}`);
      expect(res.status).to.equal(200);
      expect(res.type).to.match(format === 'csv' ? /^text\/csv/ : /spreadsheetml/);
      expect(res.disposition).to.match(new RegExp(`attachment; filename="chat-history-\\d{4}-\\d{2}-\\d{2}\\.${format}"`));
      const rows = format === 'csv' ? csvOf(res.body) : await xlsxOf(res.body);
      const chats = await sql<{ id: number }>('SELECT id FROM chats WHERE client_id = ? ORDER BY started_at DESC, id DESC', [s.siteA]);
      expect(rows.map((r) => Number(r['Chat ID']))).to.deep.equal(chats.map((c) => Number(c.id)));
      expect(res.body.toString('latin1')).to.not.include('Zed Secret');
      for (const row of rows) {
        const [{ n }] = await sql<{ n: number }>("SELECT COUNT(*) AS n FROM messages WHERE chat_id = ? AND message_type <> 'system'", [Number(row['Chat ID'])]);
        expect(Number(row.Messages), `messages of chat ${row['Chat ID']}`).to.equal(Number(n));
      }
      const zebra = rows.find((r) => Number(r['Chat ID']) === s.zebra)!;
      expect(zebra).to.deep.include({
        Row: 'chat', Website: 'Site A', 'Visitor name': 'Vera Zebra', 'Visitor e-mail': 'vera@a.test', 'Visitor phone': "'+1 555 0100", 'Service type': 'Shipping', Status: 'closed',
        Started: '2026-11-01T10:00:00.000Z', 'First response': '2026-11-01T10:00:30.000Z', Ended: '2026-11-01T10:10:00.000Z', 'Duration (s)': '600', 'First response time (s)': '30',
        Agents: 'Alex', Files: '1', Rating: '5', 'Rating comment': 'Great help', 'Lead form filled': 'yes', 'Pages before chat': '3', Referrer: 'https://www.google.com/', 'Landing page': 'https://a.test/',
        'UTM source': 'google', 'UTM medium': 'cpc', 'UTM campaign': 'winter',
      });
      // A visitor who names himself like a formula gets text, not a formula, in every cell.
      const mallory = rows.find((r) => Number(r['Chat ID']) === s.formula)!;
      expect([mallory['Visitor name'], mallory['Visitor e-mail'], mallory['Visitor phone']]).to.deep.equal(["'=HYPERLINK(\"http://evil.test\",\"click\")", "'@evil.test", "'-1"]);
    });

    it(`${format}: with messages, each chat's messages follow it, one row each, filters applied`, async () => {
      const res = await download(`format=${format}&messages=true&q=ship`);
      const rows = format === 'csv' ? csvOf(res.body) : await xlsxOf(res.body);
      expect(rows.map((r) => [r.Row, Number(r['Chat ID'])])).to.deep.equal([
        ['chat', s.formula], ['message', s.formula],
        ['chat', s.zebra], ['message', s.zebra], ['message', s.zebra], ['message', s.zebra], ['message', s.zebra],
      ]);
      expect(rows[1].Message).to.equal("'+shipping times? =1+1");
      expect(rows.slice(3).map((r) => r.Message)).to.deep.equal(['Do you ship zebras to Norway?', 'Yes, shipping takes a week.', '[file] invoice.pdf', 'Alex joined the chat']);
      expect(rows.slice(3).map((r) => r.Sender)).to.deep.equal(['Vera Zebra', 'Alex', 'Vera Zebra', '']);
      expect(rows[2].Message).to.equal('');
      expect(res.body.toString('latin1')).to.not.include('hunter2');
    });
  }

  it('refuses a bad export request with a 422 and writes nothing', async () => {
    const res = await download('format=pdf&rating=9');
    expect(res.status).to.equal(422);
    const body = JSON.parse(res.body.toString());
    expect(body.error.message).to.include('format').and.include('rating');
  });
});
