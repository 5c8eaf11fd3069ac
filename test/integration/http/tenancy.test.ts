import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';

/**
 * Tenancy from outside: an agent of website A asks for website B's things by id and learns
 * nothing (404, not 403, so ids cannot be probed); a manager reads everything and changes
 * nothing; only a super admin administers.
 */
describeEachDialect('tenancy and roles over HTTP', (dialect) => {
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let db: ReturnType<Installed['open']>;
  const ids: Record<string, number> = {};
  let agentA: ApiClient;
  let manager: ApiClient;
  let admin: ApiClient;

  before(async () => {
    install = await installFixture(dialect);
    db = install.open();
    const f = factories(db);
    const a = await f.client({ name: 'Site A' });
    const b = await f.client({ name: 'Site B' });
    const userA = await f.user('agent', { email: 'a@example.test' }, [a.id]);
    await f.user('agent', { email: 'b@example.test' }, [b.id]);
    await f.user('manager', { email: 'm@example.test' });
    await f.user('super_admin', { email: 'root@example.test' });
    const visitorB = await f.visitor(b.id);
    const chatB = await f.chat(b.id, visitorB.id);
    const msgB = await f.message(chatB.id, { message_type: 'file', file_path: 'chat-files/x/secret.pdf', file_name: 'secret.pdf', file_size: 3, file_type: 'application/pdf' });
    const visitorA = await f.visitor(a.id);
    const chatA = await f.chat(a.id, visitorA.id);
    const msgA = await f.message(chatA.id);
    Object.assign(ids, { a: a.id, b: b.id, userA: userA.id, visitorB: visitorB.id, chatB: chatB.id, msgB: msgB.id, visitorA: visitorA.id, chatA: chatA.id, msgA: msgA.id });
    server = await startTestServer(install);
    agentA = await signedIn(server.baseUrl, 'a@example.test', TEST_PASSWORD);
    manager = await signedIn(server.baseUrl, 'm@example.test', TEST_PASSWORD);
    admin = await signedIn(server.baseUrl, 'root@example.test', TEST_PASSWORD);
  });
  after(async () => {
    await server.close();
    await db.close();
    await install.cleanup();
  });

  it('gives an agent of website A a 404 for every website-B resource by id', async () => {
    for (const path of [
      `/api/chats/${ids.chatB}`,
      `/api/chats/${ids.chatB}/messages`,
      `/api/visitors/${ids.visitorB}`,
      `/api/clients/${ids.b}`,
      `/api/clients/${ids.b}/agents`,
    ]) {
      const res = await agentA.get(path);
      expect(res.status, path).to.equal(404);
      expect(res.body.error.code, path).to.equal('not_found');
      expect(JSON.stringify(res.body), path).to.not.include('Site B');
    }
    const link = await agentA.post(`/api/files/${ids.msgB}/link`);
    expect(link.status).to.equal(404);
    const upload = new FormData();
    upload.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'x.pdf');
    expect((await agentA.request('POST', `/api/chats/${ids.chatB}/files`, upload)).status).to.equal(404);
    // ...while the same requests for website A work.
    expect((await agentA.get(`/api/chats/${ids.chatA}`)).status).to.equal(200);
    expect((await agentA.get(`/api/visitors/${ids.visitorA}`)).status).to.equal(200);
  });

  it('never lists website B to an agent of website A, not even when asked by id', async () => {
    const chats = await agentA.get('/api/chats');
    expect(chats.body.chats.map((c: { id: number }) => c.id)).to.deep.equal([ids.chatA]);
    const filtered = await agentA.get(`/api/chats?clientId=${ids.b}`);
    expect(filtered.status).to.equal(200);
    expect(filtered.body.chats).to.deep.equal([]);
    const clients = await agentA.get('/api/clients');
    expect(clients.body.clients.map((c: { name: string }) => c.name)).to.deep.equal(['Site A']);
    expect(clients.body.clients[0]).to.not.have.property('snippet');
  });

  it('lets a manager read every website but change nothing', async () => {
    expect((await manager.get(`/api/chats/${ids.chatB}`)).status).to.equal(200);
    expect((await manager.get('/api/chats')).body.chats).to.have.length(2);
    expect((await manager.get('/api/agents')).status).to.equal(200);
    const before = { clients: await db.models.Client.count(), users: await db.models.User.count(), links: await db.models.ClientAgent.count() };
    const writes: [string, string, unknown?][] = [
      ['POST', '/api/clients', { name: 'New', domains: ['new.example'] }],
      ['PATCH', `/api/clients/${ids.a}`, { name: 'Renamed' }],
      ['DELETE', `/api/clients/${ids.a}`],
      ['POST', '/api/agents', { email: 'x@example.test', name: 'X', password: 'long-enough-1' }],
      ['PATCH', `/api/agents/${ids.userA}`, { pseudoName: 'Hacked' }],
      ['DELETE', `/api/agents/${ids.userA}`],
      ['PUT', `/api/agents/${ids.userA}/password`, { password: 'long-enough-2' }],
      ['PUT', `/api/clients/${ids.b}/agents/${ids.userA}`],
      ['DELETE', `/api/clients/${ids.a}/agents/${ids.userA}`],
    ];
    for (const [method, path, body] of writes) {
      const res = await manager.request(method, path, body);
      expect(res.status, `${method} ${path}`).to.equal(403);
      expect(res.body.error.code).to.equal('forbidden');
    }
    const upload = new FormData();
    upload.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'x.pdf');
    expect((await manager.request('POST', `/api/chats/${ids.chatA}/files`, upload)).status).to.be.oneOf([403, 404]);
    const after = { clients: await db.models.Client.count(), users: await db.models.User.count(), links: await db.models.ClientAgent.count() };
    expect(after).to.deep.equal(before);
    expect((await db.models.Client.findByPk(ids.a))!.name).to.equal('Site A');
  });

  it('refuses administration to an agent', async () => {
    expect((await agentA.post('/api/clients', { name: 'Mine', domains: ['mine.example'] })).status).to.equal(403);
    expect((await agentA.get('/api/agents')).status).to.equal(403);
    expect((await agentA.patch(`/api/agents/${ids.userA}`, { role: 'super_admin' })).status).to.equal(403);
    expect((await agentA.get('/api/audit')).status).to.equal(403);
    expect((await db.models.User.findByPk(ids.userA))!.role).to.equal('agent');
  });

  it('lets a super admin administer everything', async () => {
    const created = await admin.post('/api/clients', { name: 'Site C', domains: ['c.example'] });
    expect(created.status).to.equal(201);
    expect(created.body.client.snippet).to.include(created.body.client.widgetKey);
    expect((await admin.put(`/api/clients/${created.body.client.id}/agents/${ids.userA}`)).status).to.equal(201);
    expect((await agentA.get(`/api/clients/${created.body.client.id}`)).status).to.equal(200);
    expect((await admin.delete(`/api/clients/${created.body.client.id}/agents/${ids.userA}`)).status).to.equal(204);
    expect((await agentA.get(`/api/clients/${created.body.client.id}`)).status).to.equal(404);
    const audit = await admin.get('/api/audit');
    expect(audit.body.entries.map((e: { action: string }) => e.action)).to.include.members(['client.created', 'agent.assigned', 'agent.unassigned']);
  });
});
