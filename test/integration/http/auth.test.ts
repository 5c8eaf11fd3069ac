import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { withServer } from '../../helpers/scene.js';
import { ApiClient, signedIn } from '../../helpers/http.js';

describeEachDialect('signing in', (dialect) => {

  const scene = withServer(dialect, { auth: { maxFailedLogins: 3, lockoutMinutes: 10, loginRateLimitPerMinute: 30 } });
  const audit = async (userId: number) => (await scene.db.models.AuditLog.findAll({ where: { target_id: userId, target_type: 'user' }, order: [['id', 'ASC']] })).map((r) => r.action);

  it('opens a session in an HttpOnly, SameSite=Lax cookie and gives the CSRF token; logout ends it', async () => {
    const user = await scene.f.user('agent', { email: 'ok@example.test' });
    const api = new ApiClient(scene.server.baseUrl);
    const res = await api.login('OK@example.test', TEST_PASSWORD);
    expect(res.status).to.equal(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).to.match(/^lc_session=/).and.to.match(/httponly/i).and.to.match(/samesite=lax/i);
    expect(cookie).to.not.match(/secure/i);
    expect(res.body.csrfToken).to.be.a('string');
    expect(res.body.user).to.include({ email: 'ok@example.test', role: 'agent' });
    expect(res.body.user).to.not.have.property('password_hash');
    expect((await api.get('/api/auth/me')).status).to.equal(200);
    expect((await api.post('/api/auth/logout')).status).to.equal(204);
    expect((await api.get('/api/auth/me')).status).to.equal(401);
    expect(await audit(user.id)).to.include('login.succeeded');
  });

  it('answers a wrong password and an unknown e-mail alike', async () => {
    await scene.f.user('agent', { email: 'someone@example.test' });
    const wrong = await new ApiClient(scene.server.baseUrl).login('someone@example.test', 'not the password');
    const unknown = await new ApiClient(scene.server.baseUrl).login('nobody@example.test', 'not the password');
    expect(wrong.status).to.equal(401);
    expect(unknown.status).to.equal(401);
    expect(wrong.body).to.deep.equal(unknown.body);
    expect(wrong.body.error.code).to.equal('invalid_credentials');
  });

  it('locks an account after repeated failures, even against the right password, and audits it', async () => {
    const user = await scene.f.user('agent', { email: 'target@example.test' });
    for (let i = 0; i < 3; i++) expect((await new ApiClient(scene.server.baseUrl).login('target@example.test', `guess-${i}`)).status).to.equal(401);
    const locked = await new ApiClient(scene.server.baseUrl).login('target@example.test', TEST_PASSWORD);
    expect(locked.status).to.equal(429);
    expect(locked.body.error.code).to.equal('too_many_attempts');
    expect(locked.body.error.message).to.match(/try again in \d+ minute/);
    expect(locked.headers.get('retry-after')).to.match(/^\d+$/);
    expect(await audit(user.id)).to.include.members(['login.failed', 'login.locked']);
  });

  it('keeps a disabled account out, and ends its open sessions when disabled', async () => {
    const user = await scene.f.user('agent', { email: 'leaver@example.test' });
    await scene.f.user('super_admin', { email: 'boss@example.test' });
    const agentApi = await signedIn(scene.server.baseUrl, 'leaver@example.test', TEST_PASSWORD);
    const boss = await signedIn(scene.server.baseUrl, 'boss@example.test', TEST_PASSWORD);
    expect((await boss.delete(`/api/agents/${user.id}`)).status).to.equal(200);
    expect((await agentApi.get('/api/auth/me')).status).to.equal(401);
    const again = await new ApiClient(scene.server.baseUrl).login('leaver@example.test', TEST_PASSWORD);
    expect(again.status).to.equal(403);
    expect(again.body.error.code).to.equal('account_disabled');
  });

  it('refuses cookie-authenticated writes without the CSRF token, and cross-site sign-ins', async () => {
    await scene.f.user('super_admin', { email: 'csrf@example.test' });
    const api = await signedIn(scene.server.baseUrl, 'csrf@example.test', TEST_PASSWORD);
    const before = await scene.db.models.Client.count();
    const missing = await api.request('POST', '/api/clients', { name: 'Forged', domains: ['f.example'] }, { 'x-csrf-token': '' });
    expect(missing.status).to.equal(403);
    expect(missing.body.error.code).to.equal('csrf_failed');
    const wrong = await api.request('POST', '/api/clients', { name: 'Forged', domains: ['f.example'] }, { 'x-csrf-token': 'guess' });
    expect(wrong.status).to.equal(403);
    const crossSite = await api.request('POST', '/api/clients', { name: 'Forged', domains: ['f.example'] }, { origin: 'https://evil.example' });
    expect(crossSite.status).to.equal(403);
    const login = await new ApiClient(scene.server.baseUrl).request('POST', '/api/auth/login', { email: 'csrf@example.test', password: TEST_PASSWORD }, { origin: 'https://evil.example' });
    expect(login.status).to.equal(403);
    expect(await scene.db.models.Client.count()).to.equal(before);
  });

  it('answers every API error in one shape: unknown route, bad JSON, invalid body', async () => {
    await scene.f.user('super_admin', { email: 'shape@example.test' });
    const api = await signedIn(scene.server.baseUrl, 'shape@example.test', TEST_PASSWORD);
    const unknown = await api.get('/api/nothing-here');
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error).to.include({ code: 'not_found' });
    const res = await fetch(`${scene.server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(res.status).to.equal(400);
    expect((await res.json()).error.message).to.match(/not valid JSON/);
    const invalid = await api.post('/api/clients', { name: '', domains: ['no spaces allowed'] });
    expect(invalid.status).to.equal(422);
    expect(invalid.body.error.code).to.equal('invalid_input');
    expect(invalid.body.error.details).to.be.an('array').with.length(2);
  });

  it('sends security headers and a request id', async () => {
    const res = await fetch(`${scene.server.baseUrl}/`, { headers: { 'x-request-id': 'trace-12345678' } });
    expect(res.headers.get('content-security-policy')).to.include("default-src 'self'").and.to.include("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('x-request-id')).to.equal('trace-12345678');
    expect((await fetch(`${scene.server.baseUrl}/healthz`)).status).to.equal(200);
    expect((await fetch(`${scene.server.baseUrl}/readyz`)).status).to.equal(200);
  });
});
