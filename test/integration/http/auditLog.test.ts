import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';

/** The audit screen's API: super admins filter the log by actor, action, website and date, and download it as CSV. */
describeEachDialect('the audit log screen', (dialect) => {
  const scene = withServer(dialect);
  let root: ApiClient;
  let alex: ApiClient;
  const ids: Record<string, number> = {};

  before(async () => {
    const { f } = scene;
    const rootUser = await f.user('super_admin', { email: 'root@example.test' });
    const alexUser = await f.user('agent', { email: 'alex@example.test' });
    root = await signedIn(scene.server.baseUrl, 'root@example.test', TEST_PASSWORD);
    alex = await signedIn(scene.server.baseUrl, 'alex@example.test', TEST_PASSWORD);
    const made = await root.post('/api/clients', { name: 'Audit Site', domains: ['audit.test'] });
    expect(made.status, JSON.stringify(made.body)).to.equal(201);
    const other = await root.post('/api/clients', { name: 'Other Site', domains: ['other.test'] });
    expect((await alex.post('/api/profile/tokens', { name: 'CRM', scopes: ['chats:read'] })).status).to.equal(201);
    Object.assign(ids, { root: rootUser.id, alex: alexUser.id, site: made.body.client.id, other: other.body.client.id });
  });

  it('filters by actor, action (or a kind of action), website and date', async () => {
    const all = await root.get('/api/audit');
    expect(all.status).to.equal(200);
    expect(all.body.entries.map((e: { action: string }) => e.action)).to.include.members(['login.succeeded', 'client.created', 'api_token.create']);

    const byAlex = (await root.get(`/api/audit?actor=${ids.alex}`)).body.entries;
    expect(byAlex.map((e: { action: string }) => e.action).sort()).to.deep.equal(['api_token.create', 'login.succeeded']);
    expect(byAlex[0]).to.include({ actorName: 'alex@example.test', actorType: 'user' });

    const tokens = (await root.get('/api/audit?action=api_token.')).body.entries;
    expect(tokens.map((e: { action: string }) => e.action)).to.deep.equal(['api_token.create']);

    const site = (await root.get(`/api/audit?clientId=${ids.site}`)).body.entries;
    expect(site.map((e: { action: string; clientId: number }) => [e.action, e.clientId])).to.deep.equal([['client.created', ids.site]]);

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect((await root.get(`/api/audit?from=${encodeURIComponent(tomorrow)}`)).body.entries).to.deep.equal([]);
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    expect((await root.get(`/api/audit?from=${encodeURIComponent(hourAgo)}&to=${encodeURIComponent(tomorrow)}&actor=${ids.root}&action=login.succeeded`)).body.entries).to.have.length(1);
  });

  it('exports the filtered log as CSV', async () => {
    const res = await root.get(`/api/audit/export?actor=${ids.alex}`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('text/csv');
    expect(res.headers.get('content-disposition')).to.match(/attachment; filename="?audit-\d{4}-\d{2}-\d{2}\.csv/);
    const lines = String(res.body).replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).to.equal('id,time,actor_type,actor_id,actor,action,website_id,target_type,target_id,ip,details');
    expect(lines).to.have.length(3);
    expect(lines.slice(1).every((l) => l.includes('alex@example.test'))).to.equal(true);
    expect(lines.join('\n')).to.contain('api_token.create').and.not.contain('client.created');
  });

  it('is for super admins only, and a bad filter is refused with the reason', async () => {
    expect((await alex.get('/api/audit')).status).to.equal(403);
    expect((await alex.get('/api/audit/export')).status).to.equal(403);
    const bad = await root.get('/api/audit?from=yesterday&actor=nobody');
    expect(bad.status).to.equal(422);
    expect(bad.body.error.message).to.contain('from').and.contain('actor');
  });
});
