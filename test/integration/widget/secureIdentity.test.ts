import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { signedIn } from '../../helpers/http.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { TestSocket } from '../../helpers/rtclient.js';
import { newMsgId } from '../../helpers/visitors.js';
import { signIdentity } from '../../../lib/domain/visitors/identitySignature.js';

const ORIGIN = 'https://example.test';
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** What a host site's backend does: sign its user with the website's secret (docs/widget.md). */
function signed(secret: string, user: { userId: string; email?: string; name?: string }, timestamp = nowSeconds()) {
  return { ...user, timestamp, signature: signIdentity(secret, { ...user, timestamp }) };
}

describeEachDialect('secure identity: signed identify(), merge by user id, lead form data', (dialect) => {
  const scene = withServer(dialect);

  async function session(widgetKey: string, body: Record<string, unknown> = {}) {
    const res = await fetch(`${scene.server.baseUrl}/api/widget/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ widgetKey, page: { url: `${ORIGIN}/account` }, ...body }),
    });
    return { status: res.status, body: (await res.json()) as any };
  }
  /** A website with an identity secret, made through the API as a super admin does. */
  async function siteWithSecret() {
    const boss = await scene.f.user('super_admin');
    const api = await signedIn(scene.server.baseUrl, boss.email, TEST_PASSWORD);
    const client = await scene.f.client();
    const rotated = await api.post(`/api/clients/${client.id}/identity-secret`);
    expect(rotated.status).to.equal(200);
    return { client, secret: rotated.body.client.identitySecret as string, api };
  }

  it('lets only super admins make and rotate the identity secret; the old one stops verifying at once', async () => {
    const { client, secret, api } = await siteWithSecret();
    expect(secret).to.match(/^[0-9a-f]{64}$/);
    expect((await api.get(`/api/clients/${client.id}`)).body.client.identitySecret).to.equal(secret);

    const manager = await scene.f.user('manager', {}, [client.id]);
    const managerApi = await signedIn(scene.server.baseUrl, manager.email, TEST_PASSWORD);
    expect((await managerApi.post(`/api/clients/${client.id}/identity-secret`)).status).to.equal(403);
    expect((await managerApi.get(`/api/clients/${client.id}`)).body.client).to.not.have.property('identitySecret');
    expect((await api.post('/api/clients/999999/identity-secret')).status).to.equal(404);

    const next = (await api.post(`/api/clients/${client.id}/identity-secret`)).body.client.identitySecret;
    expect(next).to.not.equal(secret);
    const old = await session(client.widget_key, { identity: signed(secret, { userId: 'u-1', name: 'Old Key' }) });
    expect(old.body.identity).to.deep.equal({ status: 'refused', reason: 'forged' });
    const fresh = await session(client.widget_key, { identity: signed(next, { userId: 'u-1', name: 'New Key' }) });
    expect(fresh.body.identity).to.deep.equal({ status: 'verified' });
    const audit = await scene.db.models.AuditLog.findAll({ where: { action: 'client.identity_secret_rotated', target_id: client.id } });
    expect(audit).to.have.length(2);
  });

  it('trusts a signed identify(): name, e-mail and attributes kept, marked verified for agents, the lead form skipped', async () => {
    const { client, secret } = await siteWithSecret();
    const identity = { ...signed(secret, { userId: 'emp-42', email: ' Ada@Example.TEST ', name: 'Ada Lovelace' }), plan: 'gold', seats: 12 };
    const res = await session(client.widget_key, { identity });
    expect(res.status).to.equal(200);
    expect(res.body.identity).to.deep.equal({ status: 'verified' });
    expect(res.body.leadFormFilled).to.equal(true);
    const visitor = await scene.db.models.Visitor.findByPk(res.body.visitorId);
    expect(visitor).to.deep.include({ external_user_id: 'emp-42', identity_status: 'verified', name: 'Ada Lovelace', email: 'ada@example.test' });

    // The agent's side panel says so.
    const agent = await scene.f.user('agent', {}, [client.id]);
    const chat = await scene.f.chat(client.id, visitor!.id);
    const agentApi = await signedIn(scene.server.baseUrl, agent.email, TEST_PASSWORD);
    const context = await agentApi.get(`/api/chats/${chat.id}/context`);
    expect(context.body.visitor).to.deep.include({ identity: 'verified', userId: 'emp-42', attributes: { plan: 'gold', seats: 12 } });
    // Another website's agent: the chat does not exist for them.
    const outsider = await scene.f.user('agent', {}, [(await scene.f.client()).id]);
    expect((await (await signedIn(scene.server.baseUrl, outsider.email, TEST_PASSWORD)).get(`/api/chats/${chat.id}/context`)).status).to.equal(404);
  });

  it('refuses a forged, tampered, replayed (old) or foreign-website signature, and one for a website without a secret: nothing of it is kept', async () => {
    const { client, secret } = await siteWithSecret();
    const other = await siteWithSecret();
    const good = signed(secret, { userId: 'u-7', email: 'eve@example.test', name: 'Eve' });
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['made up', { ...good, signature: 'ab'.repeat(32) }, 'forged'],
      ['not hex', { ...good, signature: 'nonsense' }, 'forged'],
      ['name changed after signing', { ...good, name: 'Mallory' }, 'forged'],
      ['user id changed after signing', { ...good, userId: 'admin' }, 'forged'],
      ["another website's secret", signed(other.secret, { userId: 'u-7', email: 'eve@example.test', name: 'Eve' }), 'forged'],
      ['signed 20 minutes ago (replayed)', signed(secret, { userId: 'u-7', name: 'Eve' }, nowSeconds() - 20 * 60), 'expired'],
      ['signed an hour ahead', signed(secret, { userId: 'u-7', name: 'Eve' }, nowSeconds() + 3600), 'expired'],
    ];
    for (const [what, identity, reason] of cases) {
      const res = await session(client.widget_key, { identity });
      expect(res.status, what).to.equal(200);
      expect(res.body.identity, what).to.deep.equal({ status: 'refused', reason });
      expect(res.body.leadFormFilled, what).to.equal(false);
      const visitor = await scene.db.models.Visitor.findByPk(res.body.visitorId);
      expect(visitor, what).to.deep.include({ external_user_id: null, identity_status: null, name: null, email: null });
    }
    const bare = await scene.f.client();
    const none = await session(bare.widget_key, { identity: signed(secret, { userId: 'u-7' }) });
    expect(none.body.identity).to.deep.equal({ status: 'refused', reason: 'not_configured' });
    // A signature nine minutes old still holds (a page rendered a moment before is normal).
    const recent = await session(client.widget_key, { identity: signed(secret, { userId: 'u-7' }, nowSeconds() - 9 * 60) });
    expect(recent.body.identity).to.deep.equal({ status: 'verified' });
  });

  it('merges the visitors of one signed user: a new device gets the earlier history and key; another user on the same browser gets their own visitor', async () => {
    const { client, secret } = await siteWithSecret();
    // Laptop: signed in, chats.
    const laptop = await session(client.widget_key, { identity: signed(secret, { userId: 'u-9', name: 'Nina', email: 'nina@example.test' }) });
    const socket = await TestSocket.connect(`${scene.server.baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(laptop.body.token)}`, { origin: ORIGIN });
    const started = await socket.request({ type: 'chat.start', message: 'Where is my order?', clientMsgId: newMsgId() });
    socket.close();
    expect(started.chat.id).to.be.a('number');

    // Phone: browsed anonymously first (its own visitor and visits), then signs in.
    const anonymous = await session(client.widget_key);
    expect(anonymous.body.visitorId).to.not.equal(laptop.body.visitorId);
    const phone = await session(client.widget_key, { visitorKey: anonymous.body.visitorKey, sessionKey: anonymous.body.sessionKey, identity: signed(secret, { userId: 'u-9', name: 'Nina' }) });
    expect(phone.body).to.deep.include({ visitorId: laptop.body.visitorId, visitorKey: laptop.body.visitorKey, leadFormFilled: true });
    expect(phone.body.openChat.id).to.equal(started.chat.id);
    const merged = await scene.db.models.Visitor.findByPk(anonymous.body.visitorId);
    expect(merged).to.deep.include({ merged_into_id: laptop.body.visitorId, external_user_id: null });
    const person = await scene.db.models.Visitor.findByPk(laptop.body.visitorId);
    expect(person!.total_visits).to.equal(2);
    expect(await scene.db.models.VisitorSession.count({ where: { visitor_id: anonymous.body.visitorId } })).to.equal(0);
    // A browser still holding the merged key lands on the person, even without signing.
    const stale = await session(client.widget_key, { visitorKey: anonymous.body.visitorKey });
    expect(stale.body.visitorId).to.equal(laptop.body.visitorId);

    // Someone else signs in on the laptop: their own visitor, without Nina's chat.
    const other = await session(client.widget_key, { visitorKey: laptop.body.visitorKey, identity: signed(secret, { userId: 'u-10', name: 'Omar' }) });
    expect(other.body.visitorId).to.not.equal(laptop.body.visitorId);
    expect(other.body.openChat).to.equal(null);
    expect(await scene.db.models.Visitor.findByPk(other.body.visitorId)).to.deep.include({ external_user_id: 'u-10', name: 'Omar' });
    expect(await scene.db.models.Visitor.findByPk(laptop.body.visitorId)).to.deep.include({ external_user_id: 'u-9', name: 'Nina' });
  });

  it('keeps an unsigned identify() as unverified (it prefills, the lead form is still asked) and never over a verified identity', async () => {
    const { client, secret } = await siteWithSecret();
    const res = await session(client.widget_key, { identity: { name: 'Claimed Name', email: 'claimed@example.test' } });
    expect(res.body.identity).to.deep.equal({ status: 'unverified' });
    expect(res.body.leadFormFilled).to.equal(false);
    expect(await scene.db.models.Visitor.findByPk(res.body.visitorId)).to.deep.include({ identity_status: 'unverified', name: 'Claimed Name' });

    const verified = await session(client.widget_key, { identity: signed(secret, { userId: 'u-11', name: 'Real Name' }) });
    const spoof = await session(client.widget_key, { visitorKey: verified.body.visitorKey, identity: { name: 'Spoofed', email: 'spoof@example.test' } });
    expect(spoof.body.identity).to.deep.equal({ status: 'verified' });
    expect(await scene.db.models.Visitor.findByPk(verified.body.visitorId)).to.deep.include({ identity_status: 'verified', name: 'Real Name', email: null });
  });

  it("validates and normalises the lead form's e-mail and phone on the server", async () => {
    const client = await scene.f.client();
    const visit = await session(client.widget_key);
    const socket = await TestSocket.connect(`${scene.server.baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(visit.body.token)}`, { origin: ORIGIN });
    try {
      const badPhone = await socket.request({ type: 'chat.start', lead: { name: 'Lia', email: 'lia@example.test', phone: '12ab34' } });
      expect(badPhone.error.message).to.match(/phone/);
      const shortPhone = await socket.request({ type: 'chat.start', lead: { name: 'Lia', email: 'lia@example.test', phone: '+1 (2) 3-4' } });
      expect(shortPhone.error.message).to.match(/6 to 15 digits/);
      const badMail = await socket.request({ type: 'chat.start', lead: { name: 'Lia', email: 'lia@', phone: '+49 151 2345678' } });
      expect(badMail.error.message).to.match(/e-mail/);
      const ok = await socket.request({ type: 'chat.start', lead: { name: 'Lia', email: '  Lia@Example.TEST ', phone: '+49 (151) 234-5678' } });
      expect(ok.chat.id).to.be.a('number');
      expect(await scene.db.models.Visitor.findByPk(visit.body.visitorId)).to.deep.include({ email: 'lia@example.test', phone: '+491512345678' });
    } finally {
      socket.close();
    }
  });
});
