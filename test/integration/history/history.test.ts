import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { ApiClient, signedIn } from '../../helpers/http.js';
import { seedHistory, type HistorySeed } from './seedHistory.js';

/** GET /api/history: every filter of the plan's 3.8, alone and combined, paged by cursor, on the user's websites only. */
describeEachDialect('chat history API', (dialect) => {
  const scene = withServer(dialect);
  let s: HistorySeed;
  let alex: ApiClient;
  let olga: ApiClient;
  let boss: ApiClient;

  before(async () => {
    s = await seedHistory(scene);
    alex = await signedIn(scene.server.baseUrl, 'alex@a.test', TEST_PASSWORD);
    olga = await signedIn(scene.server.baseUrl, 'olga@b.test', TEST_PASSWORD);
    boss = await signedIn(scene.server.baseUrl, 'boss@a.test', TEST_PASSWORD);
  });

  const ids = async (api: ApiClient, query: string) => {
    const res = await api.get(`/api/history?limit=100&${query}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.chats.map((c: { id: number }) => c.id);
  };

  it('lists the user’s websites’ chats newest first, with visitor, website, agents and counts', async () => {
    const all = await ids(alex, '');
    expect(all.slice(0, 3)).to.deep.equal([s.formula, s.offline, s.zebra]);
    expect(all).to.have.members([s.formula, s.offline, s.zebra, ...s.plain]);
    expect(all).to.not.include(s.secret);
    const zebra = (await alex.get('/api/history?limit=100')).body.chats.find((c: { id: number }) => c.id === s.zebra);
    expect(zebra).to.deep.include({ clientName: 'Site A', status: 'closed', leadFormFilled: true, serviceType: 'Shipping', rating: 5, ratingComment: 'Great help', agents: ['Alex'], messages: 3, files: 1 });
    expect(zebra.visitor).to.deep.include({ name: 'Vera Zebra', email: 'vera@a.test', phone: '+1 555 0100' });
    expect(zebra.startedAt).to.equal('2026-11-01T10:00:00.000Z');
  });

  it('filters by status, website, date range, agent, lead status, rating and files', async () => {
    expect(await ids(alex, 'status=offline')).to.deep.equal([s.offline]);
    expect(await ids(alex, 'status=active,offline')).to.deep.equal([s.formula, s.offline]);
    expect(await ids(alex, `clientIds=${s.siteB}`)).to.deep.equal([]);
    expect(await ids(boss, `clientIds=${s.siteB}`)).to.deep.equal([s.secret]);
    expect(await ids(alex, 'from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z')).to.deep.equal([s.offline, s.zebra]);
    expect(await ids(alex, 'agent=mine')).to.deep.equal([s.zebra]);
    expect(await ids(alex, `agent=${s.ann}`)).to.deep.equal([s.formula]);
    const unassigned = await ids(alex, 'agent=unassigned');
    expect(unassigned).to.have.members([s.offline, ...s.plain]);
    expect(await ids(alex, 'lead=filled')).to.deep.equal([s.zebra]);
    expect(await ids(alex, 'lead=offline')).to.deep.equal([s.offline]);
    expect(await ids(alex, 'lead=pending')).to.have.members([s.formula, ...s.plain]);
    expect(await ids(alex, 'rating=5')).to.deep.equal([s.zebra]);
    expect(await ids(alex, 'rating=4,none')).to.have.members([s.formula, s.offline, ...s.plain]);
    expect(await ids(alex, 'hasFiles=true')).to.deep.equal([s.zebra]);
    expect(await ids(alex, 'hasFiles=false')).to.have.members([s.formula, s.offline, ...s.plain]);
  });

  it('searches visitor name, e-mail, phone and message words (full-text), combined with the filters', async () => {
    expect(await ids(alex, 'q=zebra')).to.deep.equal([s.zebra]);
    expect(await ids(alex, 'q=ship')).to.deep.equal([s.formula, s.zebra]);
    expect(await ids(alex, 'q=SHIPPING%20week')).to.deep.equal([s.zebra]);
    expect(await ids(alex, 'q=oscar')).to.deep.equal([s.offline]);
    expect(await ids(alex, 'q=vera%40a.test')).to.deep.equal([s.zebra]);
    expect(await ids(alex, `q=${encodeURIComponent('555 01')}`)).to.deep.equal([s.zebra]);
    expect(await ids(alex, 'q=price%20list')).to.deep.equal([s.offline]);
    expect(await ids(alex, 'q=ship&status=closed&rating=5&agent=mine&hasFiles=true&lead=filled')).to.deep.equal([s.zebra]);
    expect(await ids(alex, 'q=ship&status=active')).to.deep.equal([s.formula]);
    expect(await ids(alex, 'q=%25%25')).to.deep.equal([]);
    // Site B's chat says "zebra", "shipping" and "hunter2": never to Alex, whatever he types.
    expect(await ids(alex, 'q=hunter2')).to.deep.equal([]);
    expect(await ids(alex, `q=hunter2&clientIds=${s.siteB}`)).to.deep.equal([]);
    expect(await ids(alex, 'q=7946')).to.deep.equal([]);
    expect(await ids(olga, 'q=hunter2')).to.deep.equal([s.secret]);
    expect(await ids(olga, 'q=zebra')).to.deep.equal([s.secret]);
    expect(await ids(boss, 'q=zebra')).to.deep.equal([s.secret, s.zebra]);
  });

  it('pages by cursor: every chat once, in order, ties on the start time included', async () => {
    const everything = await ids(alex, '');
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { chats: { id: number }[]; next: string | null } } = await alex.get(`/api/history?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).to.equal(200);
      seen.push(...res.body.chats.map((c) => c.id));
      cursor = res.body.next;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).to.deep.equal(everything);
    expect(pages).to.equal(Math.ceil(everything.length / 3));
  });

  it('refuses bad filters with a 422 naming each, and strangers with a 401', async () => {
    const bad = await alex.get('/api/history?status=bogus&rating=6&from=yesterday&agent=nobody&limit=1000');
    expect(bad.status).to.equal(422);
    for (const field of ['status', 'rating', 'from', 'agent', 'limit']) expect(bad.body.error.message).to.include(field);
    const backwards = await alex.get('/api/history?from=2026-11-03T00:00:00Z&to=2026-11-01T00:00:00Z');
    expect(backwards.status).to.equal(422);
    expect(backwards.body.error.message).to.include('to: must be after from');
    const cursor = await alex.get('/api/history?cursor=bm90LWEtY3Vyc29y');
    expect(cursor.status).to.equal(422);
    expect(cursor.body.error.message).to.include('start again from the first page');
    expect((await new ApiClient(scene.server.baseUrl).get('/api/history')).status).to.equal(401);
  });
});
