import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { seedReportChats } from '../../helpers/reportSeed.js';
import { expectPdfHoldsFigures } from '../../helpers/reportPdf.js';

/** GET /api/reports/figures.pdf: the JSON figures, read back out of the PDF; the reader's websites only. */
describeEachDialect('report figures as PDF', (dialect) => {
  const scene = withServer(dialect, { jobs: { timezone: 'Europe/Paris' } });
  let seeded: Awaited<ReturnType<typeof seedReportChats>>;
  let boss: ApiClient;
  let alex: ApiClient;
  before(async () => {
    seeded = await seedReportChats(scene.db);
    boss = await signedIn(scene.server.baseUrl, 'boss@r.test', TEST_PASSWORD);
    alex = await signedIn(scene.server.baseUrl, 'alex@r.test', TEST_PASSWORD);
  });

  const download = async (api: ApiClient, query: string) => {
    const res = await fetch(`${scene.server.baseUrl}/api/reports/figures.pdf?${query}`, { headers: { cookie: api.cookie! } });
    return { res, body: Buffer.from(await res.arrayBuffer()) };
  };

  it('holds the same figures as the JSON, for a manager on every website', async () => {
    const json = await boss.get('/api/reports/figures?from=2026-11-01&to=2026-11-04');
    expect(json.status).to.equal(200);
    expect(json.body.overview.chats).to.equal(6);
    const { res, body } = await download(boss, 'from=2026-11-01&to=2026-11-04');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/pdf');
    expect(res.headers.get('content-disposition')).to.include('chat-report-2026-11-01-to-2026-11-04.pdf');
    const text = await expectPdfHoldsFigures(body, json.body);
    expect(text).to.include('Site Alpha').and.include('Site Beta').and.include('Bob');
  });

  it('names the websites asked for and holds only their figures', async () => {
    const q = `from=2026-11-01&to=2026-11-04&clientIds=${seeded.b.id}`;
    const json = await boss.get(`/api/reports/figures?${q}`);
    const text = await expectPdfHoldsFigures((await download(boss, q)).body, json.body, 'Site Beta');
    expect(text).to.not.include('Site Alpha').and.not.include('Alex');
  });

  it('gives an agent his websites and his own row only, and refuses another website clearly', async () => {
    const json = await alex.get('/api/reports/figures?from=2026-11-01&to=2026-11-04');
    const text = await expectPdfHoldsFigures((await download(alex, 'from=2026-11-01&to=2026-11-04')).body, json.body);
    expect(text).to.not.include('Site Beta').and.not.include('Bob').and.not.include('Ann');
    const { res, body } = await download(alex, `from=2026-11-01&to=2026-11-04&clientIds=${seeded.b.id}`);
    expect(res.status).to.equal(403);
    expect(JSON.parse(body.toString()).error.message).to.match(new RegExp(`may not see the figures of website ${seeded.b.id}: ask for your own websites`));
  });

  it('refuses a bad period and an unknown website with what to fix', async () => {
    const backwards = await download(boss, 'from=2026-11-04&to=2026-11-01');
    expect(backwards.res.status).to.equal(422);
    expect(backwards.body.toString()).to.include('must not be before from');
    const unknown = await download(boss, 'from=2026-11-01&to=2026-11-04&clientIds=99999');
    expect(unknown.res.status).to.equal(404);
    expect(unknown.body.toString()).to.include('website (id 99999)');
    const anonymous = await fetch(`${scene.server.baseUrl}/api/reports/figures.pdf?from=2026-11-01&to=2026-11-04`);
    expect(anonymous.status).to.equal(401);
  });
});
