import { expect } from 'chai';
import { z } from 'zod';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { appOf, mountedRoutes } from '../../helpers/routes.js';

/** An outside program with an API token: Authorization: Bearer, JSON in and out. */
async function call(baseUrl: string, token: string | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

const RATE = 40;

describeEachDialect('the token REST API (/api/v1)', (dialect) => {
  const scene = withServer(dialect, { api: { requestsPerMinute: RATE } });
  const ids: Record<string, number> = {};
  let alex: ApiClient;
  let alexToken: string;
  let olgaToken: string;
  let rootToken: string;
  const api = (token: string | null, method: string, path: string, body?: unknown) => call(scene.server.baseUrl, token, method, path, body);
  const mint = async (who: ApiClient, scopes: string[], name = 'test') => {
    const res = await who.post('/api/profile/tokens', { name, scopes });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.secret as string;
  };

  before(async () => {
    const { f } = scene;
    const a = await f.client({ name: 'Site A' });
    const b = await f.client({ name: 'Site B' });
    const userA = await f.user('agent', { email: 'alex@example.test', pseudo_name: 'Alex' }, [a.id]);
    await f.user('agent', { email: 'olga@example.test', pseudo_name: 'Olga' }, [b.id]);
    await f.user('super_admin', { email: 'root@example.test' });
    const visitorA = await f.visitor(a.id, { name: 'Vera A' });
    const visitorB = await f.visitor(b.id, { name: 'Bertha B' });
    const day = Date.UTC(2026, 10, 20, 10);
    const chats = [];
    for (let i = 0; i < 3; i++) chats.push(await f.chat(a.id, visitorA.id, { status: 'waiting', started_at: new Date(day + i * 60_000), created_at: new Date(day + i * 60_000) }));
    await f.message(chats[2].id, { body: 'Do you ship zebras?' });
    const chatB = await f.chat(b.id, visitorB.id, { started_at: new Date(day) });
    await f.message(chatB.id, { body: 'a secret of site B' });
    Object.assign(ids, { a: a.id, b: b.id, userA: userA.id, chatA: chats[2].id, chatA0: chats[0].id, chatB: chatB.id, visitorA: visitorA.id, visitorB: visitorB.id });
    alex = await signedIn(scene.server.baseUrl, 'alex@example.test', TEST_PASSWORD);
    alexToken = await mint(alex, ['chats:read', 'messages:write'], 'CRM sync');
    olgaToken = await mint(await signedIn(scene.server.baseUrl, 'olga@example.test', TEST_PASSWORD), ['admin']);
    rootToken = await mint(await signedIn(scene.server.baseUrl, 'root@example.test', TEST_PASSWORD), ['admin']);
  });

  it('shows a token once, stores only its hash, lists it without the secret, and refuses a bad request with the reasons', async () => {
    expect(alexToken).to.match(/^lct_[A-Za-z0-9_-]{43}$/);
    const rows = await scene.db.models.ApiToken.findAll({ where: { user_id: ids.userA } });
    expect(rows).to.have.length(1);
    expect(JSON.stringify(rows.map((r) => r.get()))).to.not.contain(alexToken.slice(12));
    const list = await alex.get('/api/profile/tokens');
    expect(list.status).to.equal(200);
    expect(list.body.tokens).to.have.length(1);
    expect(list.body.tokens[0]).to.include({ name: 'CRM sync', prefix: alexToken.slice(0, 12), revokedAt: null });
    expect(list.body.tokens[0].scopes).to.deep.equal(['chats:read', 'messages:write']);
    expect(JSON.stringify(list.body)).to.not.contain(alexToken.slice(12));

    const empty = await alex.post('/api/profile/tokens', { name: 'x', scopes: [] });
    expect(empty.status).to.equal(422);
    expect(empty.body.error.message).to.contain('choose at least one scope');
    const unknown = await alex.post('/api/profile/tokens', { name: 'x', scopes: ['root'] });
    expect(unknown.status).to.equal(422);
    expect(await scene.db.models.ApiToken.count({ where: { user_id: ids.userA } })).to.equal(1);
  });

  it('acts as its user: the websites they work on, the scopes the token has, never more than the role allows', async () => {
    const chats = await api(alexToken, 'GET', '/api/v1/chats');
    expect(chats.status, JSON.stringify(chats.body)).to.equal(200);
    expect(chats.body.chats.map((c: { clientId: number }) => c.clientId)).to.deep.equal([ids.a, ids.a, ids.a]);
    expect((await api(alexToken, 'GET', `/api/v1/chats?clientIds=${ids.b}`)).body.chats).to.deep.equal([]);

    const noScope = await api(alexToken, 'GET', '/api/v1/reports/figures?from=2026-11-01&to=2026-11-30');
    expect(noScope.status).to.equal(403);
    expect(noScope.body.error.code).to.equal('insufficient_scope');
    // An agent's admin-scoped token still cannot read the accounts: the role decides too.
    const olgaAgents = await api(olgaToken, 'GET', '/api/v1/agents');
    expect(olgaAgents.status).to.equal(403);
    expect(olgaAgents.body.error.code).to.equal('forbidden');
    // A token opens /api/v1 only: the dashboard's own routes do not take it.
    expect((await api(alexToken, 'GET', '/api/chats')).status).to.equal(401);
    expect((await api(alexToken, 'GET', '/api/profile/tokens')).status).to.equal(401);
    const wrong = await api('lct_not-a-token', 'GET', '/api/v1/chats');
    expect(wrong.status).to.equal(401);
    expect(wrong.body.error.code).to.equal('invalid_token');
    expect((await api(null, 'GET', '/api/v1/chats')).status).to.equal(401);
  });

  it("answers 404 for another website's chat, visitor and message, and changes nothing", async () => {
    for (const [method, path] of [
      ['GET', `/api/v1/chats/${ids.chatB}`],
      ['POST', `/api/v1/chats/${ids.chatB}/close`],
      ['GET', `/api/v1/visitors/${ids.visitorB}`],
    ]) {
      const res = await api(alexToken, method, path);
      expect(res.status, `${method} ${path}`).to.equal(404);
      expect(res.body.error.code).to.equal('not_found');
    }
    const send = await api(alexToken, 'POST', `/api/v1/chats/${ids.chatB}/messages`, { body: 'hi from A' });
    expect(send.status).to.equal(404);
    expect(await scene.db.models.Message.count({ where: { chat_id: ids.chatB } })).to.equal(1);
    expect((await scene.db.models.Chat.findByPk(ids.chatB))!.status).to.equal('active');
  });

  it('pages the chat list by cursor with the history filters', async () => {
    const first = await api(alexToken, 'GET', '/api/v1/chats?limit=2');
    expect(first.body.chats).to.have.length(2);
    expect(first.body.next).to.be.a('string');
    const second = await api(alexToken, 'GET', `/api/v1/chats?limit=2&cursor=${encodeURIComponent(first.body.next)}`);
    expect(second.body.chats).to.have.length(1);
    expect(second.body.next).to.equal(null);
    const seen = [...first.body.chats, ...second.body.chats].map((c: { id: number }) => c.id);
    expect(new Set(seen).size).to.equal(3);
    const bad = await api(alexToken, 'GET', '/api/v1/chats?status=sleeping&limit=1000');
    expect(bad.status).to.equal(422);
    expect(bad.body.error.code).to.equal('invalid_input');
  });

  it('sends a message once per clientMsgId (joining the chat) and closes the chat', async () => {
    const sent = await api(alexToken, 'POST', `/api/v1/chats/${ids.chatA}/messages`, { body: 'We do, by sea.', clientMsgId: 'crm-1' });
    expect(sent.status, JSON.stringify(sent.body)).to.equal(201);
    expect(sent.body.message).to.include({ body: 'We do, by sea.', senderType: 'agent', senderName: 'Alex' });
    const again = await api(alexToken, 'POST', `/api/v1/chats/${ids.chatA}/messages`, { body: 'We do, by sea.', clientMsgId: 'crm-1' });
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.include({ duplicate: true });
    expect(again.body.message.id).to.equal(sent.body.message.id);
    const empty = await api(alexToken, 'POST', `/api/v1/chats/${ids.chatA}/messages`, { body: '   ' });
    expect(empty.status).to.equal(422);

    const read = await api(alexToken, 'GET', `/api/v1/chats/${ids.chatA}`);
    expect(read.body.chat).to.include({ id: ids.chatA, status: 'active', assignedAgentId: ids.userA });
    expect(read.body.messages.map((m: { body: string }) => m.body)).to.include.members(['Do you ship zebras?', 'We do, by sea.']);

    const closed = await api(alexToken, 'POST', `/api/v1/chats/${ids.chatA}/close`);
    expect(closed.status).to.equal(200);
    expect(closed.body).to.deep.include({ closed: true });
    expect((await api(alexToken, 'POST', `/api/v1/chats/${ids.chatA}/close`)).body.closed).to.equal(false);
    const late = await api(alexToken, 'POST', `/api/v1/chats/${ids.chatA}/messages`, { body: 'after the end' });
    expect(late.status).to.equal(409);
  });

  it('documents every /api/v1 route in the OpenAPI document, and each answers as documented', async () => {
    const doc = (await api(null, 'GET', '/api/v1/openapi.json')).body;
    expect(doc.openapi).to.equal('3.1.0');
    const mounted = mountedRoutes(appOf(scene.install.config, scene.db)).filter((l) => l.path.startsWith('/api/v1/'));
    expect(mounted.length).to.be.greaterThan(8);
    for (const l of mounted) {
      const path = l.path.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[l.method.toLowerCase()], `${l.method} ${l.path} is documented`).to.be.an('object');
    }
    expect(Object.keys(doc.paths).length).to.equal(new Set(mounted.map((l) => l.path)).size);

    const errorSchema = z.fromJSONSchema(doc.components.schemas.Error);
    const concrete: Record<string, string> = {
      '/api/v1/chats': '/api/v1/chats?limit=5',
      '/api/v1/chats/{chatId}': `/api/v1/chats/${ids.chatA0}`,
      '/api/v1/chats/{chatId}/messages': `/api/v1/chats/${ids.chatA0}/messages`,
      '/api/v1/chats/{chatId}/close': `/api/v1/chats/${ids.chatA0}/close`,
      '/api/v1/visitors/{visitorId}': `/api/v1/visitors/${ids.visitorA}`,
      '/api/v1/websites': '/api/v1/websites',
      '/api/v1/agents': '/api/v1/agents',
      '/api/v1/reports/figures': '/api/v1/reports/figures?from=2026-11-01&to=2026-11-30',
      '/api/v1/visitors/{visitorId}/export': `/api/v1/visitors/${ids.visitorA}/export`,
      '/api/v1/visitors/{visitorId}/erase': `/api/v1/visitors/${ids.visitorA}/erase`,
    };
    const bodies: Record<string, unknown> = { '/api/v1/chats/{chatId}/messages': { body: 'From the API' } };
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!op['x-scope']) continue; // the document and its page
        expect(concrete[path], `a request for ${path} in this test`).to.be.a('string');
        // Every route names its scope and its parameters are those of the path.
        const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect((op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name)).to.deep.equal(pathParams);
        const res = await api(rootToken, method.toUpperCase(), concrete[path], bodies[path]);
        const documented = op.responses[String(res.status)];
        expect(documented, `${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`).to.be.an('object');
        expect(res.status).to.be.lessThan(300);
        const [[mediaType, content]] = Object.entries(documented.content as Record<string, { schema: unknown }>);
        expect(res.headers.get('content-type')).to.contain(mediaType);
        const parsed = z.fromJSONSchema(content.schema as never).safeParse(res.body);
        expect(parsed.success, `${method} ${path}: ${JSON.stringify(parsed.error?.issues)}`).to.equal(true);
        // Another website's token: its ids are not found, in the documented error shape.
        if (pathParams.length) {
          const foreign = await api(olgaToken, method.toUpperCase(), concrete[path], bodies[path]);
          // (Exporting and erasing are for super admins: an agent's token is refused by role before the id is looked at.)
          const expected = /\/(erase|export)$/.test(path) ? 403 : 404;
          expect(foreign.status, `${method} ${path} with Site B's token`).to.equal(expected);
          expect(op.responses[String(expected)]).to.be.an('object');
          expect(errorSchema.safeParse(foreign.body).success).to.equal(true);
        }
      }
    }
    const page = await api(null, 'GET', '/api/v1/docs');
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.contain('text/html');
    expect(page.body).to.contain('/api/v1/chats/{chatId}/messages').and.contain('messages:write');
  });

  it('limits each token per minute with a 429 and Retry-After, not the other tokens', async () => {
    const busy = await mint(alex, ['chats:read'], 'busy');
    let last = { status: 0, headers: new Headers() };
    for (let i = 0; i <= RATE; i++) last = await api(busy, 'GET', '/api/v1/websites');
    expect(last.status).to.equal(429);
    expect(Number(last.headers.get('retry-after'))).to.be.within(1, 60);
    expect((await api(rootToken, 'GET', '/api/v1/websites')).status).to.equal(200);
  });

  it('records when a token was last used, and a revoked token or a disabled user is refused at once', async () => {
    const tokens = (await alex.get('/api/profile/tokens')).body.tokens;
    const crm = tokens.find((t: { name: string }) => t.name === 'CRM sync');
    expect(crm.lastUsedAt).to.be.a('string');
    // Another user's token is not found (and not revoked).
    const foreign = await alex.delete(`/api/profile/tokens/${(await scene.db.models.ApiToken.findOne({ where: { name: 'test' } }))!.id}`);
    expect(foreign.status).to.equal(404);
    const revoked = await alex.delete(`/api/profile/tokens/${crm.id}`);
    expect(revoked.status).to.equal(200);
    expect(revoked.body.token.revokedAt).to.be.a('string');
    expect((await api(alexToken, 'GET', '/api/v1/websites')).status).to.equal(401);
    const audit = await scene.db.models.AuditLog.findAll({ where: { target_type: 'api_token' } });
    expect(audit.map((r) => r.action)).to.include.members(['api_token.create', 'api_token.used', 'api_token.revoke']);
    // Use is audited once a minute per token, not once per request.
    expect(audit.filter((r) => r.action === 'api_token.used' && r.target_id === crm.id)).to.have.length(1);

    await scene.db.models.User.update({ is_active: false }, { where: { email: 'olga@example.test' } });
    expect((await api(olgaToken, 'GET', '/api/v1/websites')).status).to.equal(401);
  });
});
