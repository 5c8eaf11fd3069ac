import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';

const MARKDOWN = `# Shipping to Iceland
Tags: shipping, international

We ship to Iceland in 5 to 8 working days; customs are paid on delivery.

## Return policy
Tags: returns; refund
You may send any item back within 30 days for a full refund. Print the return label from your account.

# Opening hours
Our support team answers Monday to Friday, 9:00 to 18:00 CET.
`;

const CSV = `title,body,tags
"Gift cards","Gift cards never expire and can be used on every order.","gift, payment"
"Change my password","Open Account > Security and choose a new password; the reset link is valid for one hour.",account
`;

describeEachDialect('knowledge base', (dialect) => {
  const scene = withServer(dialect);
  let agent: ApiClient;
  let foreign: ApiClient;
  let admin: ApiClient;
  let clientId: number;
  let otherClientId: number;

  before(async () => {
    const client = await scene.f.client({ domains: ['shop.test'] });
    const other = await scene.f.client({ domains: ['other.test'] });
    clientId = client.id;
    otherClientId = other.id;
    const a = await scene.f.user('agent', {}, [client.id]);
    const o = await scene.f.user('agent', {}, [other.id]);
    const s = await scene.f.user('super_admin');
    agent = await signedIn(scene.server.baseUrl, a.email, TEST_PASSWORD);
    foreign = await signedIn(scene.server.baseUrl, o.email, TEST_PASSWORD);
    admin = await signedIn(scene.server.baseUrl, s.email, TEST_PASSWORD);
  });

  it('imports Markdown and CSV, lists the website\'s and the global articles, and ranks them for a question', async () => {
    const md = await agent.post('/api/knowledge-articles/import', { clientId, format: 'markdown', text: MARKDOWN });
    expect(md.status, JSON.stringify(md.body)).to.equal(201);
    expect(md.body.imported).to.equal(3);
    const shipping = md.body.articles.find((a: { title: string }) => a.title === 'Shipping to Iceland');
    expect(shipping).to.include({ clientId, body: 'We ship to Iceland in 5 to 8 working days; customs are paid on delivery.' });
    expect(shipping.tags).to.deep.equal(['shipping', 'international']);
    expect(md.body.articles.find((a: { title: string }) => a.title === 'Return policy').tags).to.deep.equal(['returns', 'refund']);

    const csv = await admin.post('/api/knowledge-articles/import', { clientId: null, format: 'csv', text: CSV });
    expect(csv.status, JSON.stringify(csv.body)).to.equal(201);
    expect(csv.body.imported).to.equal(2);

    const list = await agent.get('/api/knowledge-articles');
    expect(list.body.articles.map((a: { title: string }) => a.title)).to.deep.equal(['Change my password', 'Gift cards', 'Opening hours', 'Return policy', 'Shipping to Iceland']);

    const search = await agent.get(`/api/knowledge-articles/search?q=${encodeURIComponent('how long does delivery to iceland take?')}`);
    expect(search.status).to.equal(200);
    expect(search.body.results[0].article.title).to.equal('Shipping to Iceland');
    const refund = await agent.get(`/api/knowledge-articles/search?q=${encodeURIComponent('can I get a refund')}&clientId=${clientId}`);
    expect(refund.body.results[0].article.title).to.equal('Return policy');
    const global = await agent.get(`/api/knowledge-articles/search?q=pasword`);
    expect(global.body.results[0].article.title, 'a typo still finds it').to.equal('Change my password');

    // Another website's agent sees only the global articles, and cannot ask for this website's.
    const theirs = await foreign.get('/api/knowledge-articles');
    expect(theirs.body.articles.map((a: { title: string }) => a.title)).to.deep.equal(['Change my password', 'Gift cards']);
    expect((await foreign.get(`/api/knowledge-articles/search?q=iceland&clientId=${clientId}`)).status).to.equal(404);
    expect((await foreign.get('/api/knowledge-articles/search?q=iceland')).body.results).to.deep.equal([]);
  });

  it('creates, edits and deletes an article within the writer\'s scope; another website\'s agent gets 404', async () => {
    const created = await agent.post('/api/knowledge-articles', { clientId, title: 'Store pickup', body: 'Pick up your order at our Madrid store.', tags: ['Pickup', 'pickup'] });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const articleId = created.body.article.id;
    expect(created.body.article.tags).to.deep.equal(['pickup']);
    const edited = await agent.patch(`/api/knowledge-articles/${articleId}`, { body: 'Pick up your order at our Madrid or Lyon store.' });
    expect(edited.status).to.equal(200);
    expect(edited.body.article).to.include({ title: 'Store pickup', body: 'Pick up your order at our Madrid or Lyon store.' });

    expect((await foreign.patch(`/api/knowledge-articles/${articleId}`, { title: 'Hijacked' })).status).to.equal(404);
    expect((await foreign.delete(`/api/knowledge-articles/${articleId}`)).status).to.equal(404);
    expect((await agent.patch(`/api/knowledge-articles/${articleId}`, { clientId: otherClientId })).status, 'moved to a website not his').to.equal(404);
    const globalTry = await agent.post('/api/knowledge-articles', { clientId: null, title: 'Global', body: 'For all' });
    expect(globalTry.status, 'global: super admins only').to.equal(403);
    expect(globalTry.body.error.message).to.equal('Only a super admin writes articles for every website.');
    expect((await foreign.post('/api/knowledge-articles', { clientId, title: 'Theirs', body: 'x' })).status).to.equal(404);

    expect((await agent.delete(`/api/knowledge-articles/${articleId}`)).status).to.equal(204);
    expect((await agent.delete(`/api/knowledge-articles/${articleId}`)).status).to.equal(404);
  });

  it('refuses bad input with a clear error and stores nothing of a failed import', async () => {
    const before = (await agent.get('/api/knowledge-articles')).body.articles.length;
    const empty = await agent.post('/api/knowledge-articles', { clientId, title: '  ', body: 'x' });
    expect(empty.status).to.equal(422);
    expect(JSON.stringify(empty.body)).to.match(/title/);
    const noHeadings = await agent.post('/api/knowledge-articles/import', { clientId, format: 'markdown', text: 'just some text without a heading' });
    expect(noHeadings.status).to.equal(422);
    expect(noHeadings.body.error.message).to.match(/No article found/);
    const badCsv = await agent.post('/api/knowledge-articles/import', { clientId, format: 'csv', text: 'name,text\nA,B\n' });
    expect(badCsv.status).to.equal(422);
    expect(badCsv.body.error.message).to.match(/title and body/);
    const oneBad = await agent.post('/api/knowledge-articles/import', { clientId, format: 'markdown', text: '# Good one\nFine.\n# Empty one\n' });
    expect(oneBad.status).to.equal(422);
    expect(oneBad.body.error.message).to.match(/Article 2 \("Empty one"\)/);
    expect((await agent.post('/api/knowledge-articles/import', { clientId, format: 'pdf', text: 'x' })).status).to.equal(422);
    expect((await agent.get('/api/knowledge-articles/search?q=')).status).to.equal(422);
    expect((await agent.get('/api/knowledge-articles')).body.articles.length, 'nothing stored').to.equal(before);
  });
});
