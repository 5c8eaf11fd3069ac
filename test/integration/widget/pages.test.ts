import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { visitorSession } from '../../helpers/visitors.js';

const ORIGIN = 'https://example.test';

describeEachDialect('widget page tracking: navigations and time on page', (dialect) => {
  const scene = withServer(dialect);

  /** As the loader sends them: text/plain (no preflight), the token in the body. */
  async function beacon(path: string, body: unknown, origin = ORIGIN) {
    const res = await fetch(`${scene.server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8', origin }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any, cors: res.headers.get('access-control-allow-origin') };
  }

  async function visitor() {
    const client = await scene.f.client({ domains: ['example.test'] });
    const res = await fetch(`${scene.server.baseUrl}/api/widget/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ widgetKey: client.widget_key, page: { url: `${ORIGIN}/`, title: 'Home' } }),
    });
    return { client, session: (await res.json()) as any };
  }

  it('a single-page-app navigation is a new page view, and closes the time spent on the page before', async () => {
    const { session } = await visitor();
    const res = await beacon('/api/widget/pages', { token: session.token, url: `${ORIGIN}/pricing`, title: 'Pricing', left: { pageVisitId: session.pageVisitId, seconds: 12.4 } });
    expect(res.status).to.equal(201);
    expect(res.cors).to.equal(ORIGIN);
    const rows = await scene.db.models.PageVisit.findAll({ order: [['id', 'ASC']], where: { id: [session.pageVisitId, res.body.pageVisitId] } });
    expect(rows.map((r) => [r.page_url, r.page_title, r.time_spent])).to.deep.equal([
      [`${ORIGIN}/`, 'Home', 12],
      [`${ORIGIN}/pricing`, 'Pricing', 0],
    ]);
    const visit = await scene.db.models.VisitorSession.findOne({ where: { session_key: session.sessionKey } });
    expect(visit!.current_page).to.equal(`${ORIGIN}/pricing`);
  });

  it('the page-hide beacon stores the time spent; a shorter, later report does not undo a longer one', async () => {
    const { session } = await visitor();
    expect((await beacon('/api/widget/pages/leave', { token: session.token, pageVisitId: session.pageVisitId, seconds: 40 })).body).to.deep.equal({ pageVisitId: session.pageVisitId, timeSpent: 40 });
    expect((await beacon('/api/widget/pages/leave', { token: session.token, pageVisitId: session.pageVisitId, seconds: 3 })).body.timeSpent).to.equal(40);
  });

  it("refuses another visitor's page, a bad token, a foreign page and a garbled body, changing nothing", async () => {
    const { session } = await visitor();
    const { session: other } = await visitor();
    const foreignVisit = await beacon('/api/widget/pages/leave', { token: other.token, pageVisitId: session.pageVisitId, seconds: 99 });
    expect(foreignVisit.status).to.equal(404);
    const forged = await beacon('/api/widget/pages/leave', { token: `${session.token.slice(0, -4)}AAAA`, pageVisitId: session.pageVisitId, seconds: 99 });
    expect(forged.status).to.equal(401);
    const elsewhere = await beacon('/api/widget/pages', { token: session.token, url: 'https://evil.test/' }, 'https://evil.test');
    expect(elsewhere.status).to.equal(403);
    const garbled = await beacon('/api/widget/pages', 'url=/x');
    expect([garbled.status, garbled.body.error.code]).to.deep.equal([422, 'invalid_input']);
    const negative = await beacon('/api/widget/pages/leave', { token: session.token, pageVisitId: session.pageVisitId, seconds: -5 });
    expect(negative.status).to.equal(422);
    expect((await scene.db.models.PageVisit.findByPk(session.pageVisitId))!.time_spent).to.equal(0);
    expect(await scene.db.models.PageVisit.count({ where: { page_url: 'https://evil.test/' } })).to.equal(0);
  });

  it('answers a JSON navigation too (the same endpoint, for pages that prefer fetch)', async () => {
    const client = await scene.f.client({ domains: ['example.test'] });
    const session = await visitorSession(scene.server.baseUrl, client.widget_key, ORIGIN);
    const res = await fetch(`${scene.server.baseUrl}/api/widget/pages`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ token: session.token, url: `${ORIGIN}/json` }) });
    expect(res.status).to.equal(201);
  });
});
