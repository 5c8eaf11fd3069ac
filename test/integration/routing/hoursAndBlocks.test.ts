import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { connectAgent, newMsgId } from '../../helpers/visitors.js';
import { manualClock } from '../../helpers/manualClock.js';
import { TestSocket } from '../../helpers/rtclient.js';
import type { Database } from '../../../lib/db/index.js';

const ORIGIN = 'https://example.test';
const nine2five = [{ from: '09:00', to: '17:00' }];
const berlin = {
  enabled: true,
  timezone: 'Europe/Berlin',
  weekly: { mon: nine2five, tue: nine2five, wed: nine2five, thu: nine2five, fri: nine2five, sat: [], sun: [] },
  closedDates: ['2026-03-30'],
  outside: 'offline_form',
  awayText: 'Our team is away.',
};

describeEachDialect('business hours and blocked visitors', (dialect) => {
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let db: Database;
  // Friday 2026-03-27, 18:00 in Berlin (UTC+1): closed, with the DST change on Sunday ahead.
  const clock = manualClock(Date.parse('2026-03-27T17:00:00Z'));
  const site = { id: 0, key: '' };
  const other = { id: 0, key: '' };
  const emails = { admin: '', agent: '', manager: '', foreign: '' };
  const sockets: TestSocket[] = [];

  before(async () => {
    // Behind a proxy, the visitor's address comes in X-Forwarded-For (what an address block matches).
    install = await installFixture(dialect, { server: { trustProxy: true } });
    db = install.open();
    const f = factories(db);
    const a = await f.client({ domains: ['example.test'] });
    const b = await f.client({ domains: ['other.test'] });
    Object.assign(site, { id: a.id, key: a.widget_key });
    Object.assign(other, { id: b.id, key: b.widget_key });
    emails.admin = (await f.user('super_admin')).email;
    emails.agent = (await f.user('agent', { status: 'online' }, [a.id])).email;
    emails.manager = (await f.user('manager')).email;
    emails.foreign = (await f.user('agent', {}, [b.id])).email;
    server = await startTestServer(install, 0, { clock });
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await server?.close();
    await db?.close();
    await install?.cleanup();
  });

  const as = (who: keyof typeof emails): Promise<ApiClient> => signedIn(server.baseUrl, emails[who], TEST_PASSWORD);
  async function widgetSession(widgetKey: string, ip = '198.51.100.10', visitorKey?: string, origin = ORIGIN) {
    const res = await fetch(`${server.baseUrl}/api/widget/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': ip },
      body: JSON.stringify({ widgetKey, visitorKey, page: { url: `${origin}/pricing` } }),
    });
    return { status: res.status, body: (await res.json()) as any };
  }
  async function visitorSocket(token: string, ip: string) {
    const socket = await TestSocket.connect(`${server.baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`, { origin: ORIGIN, 'x-forwarded-for': ip });
    sockets.push(socket);
    return socket;
  }

  it('super admins set a website’s hours (audited, bad input refused); its agents read whether it is open; another website’s agent gets 404', async () => {
    const admin = await as('admin');
    const agent = await as('agent');
    const path = `/api/clients/${site.id}/business-hours`;
    expect((await agent.get(path)).body).to.deep.equal({ hours: null, open: true, nextOpenAt: null });

    expect((await agent.put(path, berlin)).status).to.equal(403);
    const bad = await admin.put(path, { ...berlin, timezone: 'Europe/Atlantis', weekly: { ...berlin.weekly, mon: [{ from: '17:00', to: '09:00' }] } });
    expect(bad.status).to.equal(422);
    expect(bad.body.error.message).to.contain('IANA time zone').and.contain('end after it starts');
    expect((await agent.get(path)).body.hours).to.equal(null);

    const saved = await admin.put(path, berlin);
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    // Monday 30th is a closed day: next is Tuesday 9:00 Berlin summer time (UTC+2) = 07:00Z.
    expect(saved.body).to.deep.include({ open: false, nextOpenAt: '2026-03-31T07:00:00.000Z' });
    expect((await agent.get(path)).body).to.deep.equal(saved.body);
    const audit = await db.models.AuditLog.findOne({ where: { action: 'client.hours_updated', target_id: site.id } });
    expect(audit?.details).to.deep.include({ timezone: 'Europe/Berlin' });

    const foreign = await as('foreign');
    expect((await foreign.get(path)).status).to.equal(404);
  });

  it('outside hours the widget gets the back-at time and a chat becomes an offline message, even with an agent online; inside hours it is live', async () => {
    const agentApi = await as('agent');
    const agentSocket = await connectAgent(server.baseUrl, agentApi.cookie!);
    sockets.push(agentSocket);
    const closed = await widgetSession(site.key);
    expect(closed.status).to.equal(200);
    expect(closed.body.agentsOnline).to.equal(true);
    expect(closed.body.hours).to.deep.equal({ open: false, nextOpenAt: '2026-03-31T07:00:00.000Z', outside: 'offline_form', awayText: 'Our team is away.' });
    const visitor = await visitorSocket(closed.body.token, '198.51.100.10');
    const started = await visitor.request({ type: 'chat.start', lead: { name: 'Vera', email: 'vera@example.test' }, message: 'Anyone there?', clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    expect(started.chat.status).to.equal('offline');
    sockets.splice(0).forEach((s) => s.close());

    // Tuesday 07:00Z: 9:00 in Berlin, open (no restart: every session reads the hours).
    await clock.advance(Date.parse('2026-03-31T07:00:00Z') - clock.now());
    const open = await widgetSession(site.key);
    expect(open.body.hours).to.deep.include({ open: true, nextOpenAt: null });

    // The same hours in New York and "hide outside hours": 03:00 there, the widget is told to hide.
    const admin = await as('admin');
    const ny = await admin.put(`/api/clients/${site.id}/business-hours`, { ...berlin, timezone: 'America/New_York', closedDates: [], outside: 'hide' });
    expect(ny.body).to.deep.include({ open: false, nextOpenAt: '2026-03-31T13:00:00.000Z' });
    expect((await widgetSession(site.key)).body.hours).to.deep.include({ open: false, outside: 'hide', nextOpenAt: '2026-03-31T13:00:00.000Z' });
    await admin.put(`/api/clients/${site.id}/business-hours`, { ...berlin, enabled: false });
  });

  it('an agent blocks a visitor with a reason (audited): the server refuses its session, chat start and messages until the block is lifted', async () => {
    const agent = await as('agent');
    const first = await widgetSession(site.key, '198.51.100.20');
    const visitor = await visitorSocket(first.body.token, '198.51.100.20');
    const started = await visitor.request({ type: 'chat.start', lead: { name: 'Troll', email: 'troll@example.test' }, message: 'hi', clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);

    const blocked = await agent.post(`/api/clients/${site.id}/blocks`, { visitorId: first.body.visitorId, reason: 'Abusive language' });
    expect(blocked.status, JSON.stringify(blocked.body)).to.equal(201);
    expect(blocked.body.block).to.deep.include({ clientId: site.id, visitorId: first.body.visitorId, ipRange: null, reason: 'Abusive language' });
    expect((await db.models.AuditLog.count({ where: { action: 'visitor.blocked', target_id: first.body.visitorId } }))).to.equal(1);

    // Its open socket: messages and a new chat start are refused with a clear error.
    const sent = await visitor.request({ type: 'message.send', chatId: started.chat.id, clientMsgId: newMsgId(), body: 'still here' });
    expect(sent.ok).to.equal(false);
    expect(sent.error.code).to.equal('visitor_blocked');
    const again = await visitor.request({ type: 'chat.start', message: 'again', clientMsgId: newMsgId() });
    expect(again.error?.code).to.equal('visitor_blocked');
    // Nor a file through the widget API.
    const form = new FormData();
    form.append('clientMsgId', newMsgId());
    form.append('file', new Blob(['%PDF-1.4 x'], { type: 'application/pdf' }), 'a.pdf');
    const upload = await fetch(`${server.baseUrl}/api/widget/chats/${started.chat.id}/files`, { method: 'POST', headers: { authorization: `Bearer ${first.body.token}`, origin: ORIGIN, 'x-forwarded-for': '198.51.100.20' }, body: form });
    expect(upload.status).to.equal(403);
    expect(((await upload.json()) as any).error.code).to.equal('visitor_blocked');
    // Its next page: no widget session (from another address too: the block is by visitor).
    const refused = await widgetSession(site.key, '192.0.2.99', first.body.visitorKey);
    expect(refused.status).to.equal(403);
    expect(refused.body.error).to.deep.include({ code: 'visitor_blocked' });

    const list = await agent.get(`/api/clients/${site.id}/blocks`);
    expect(list.body.blocks.map((b: any) => b.id)).to.deep.equal([blocked.body.block.id]);
    expect((await agent.delete(`/api/clients/${site.id}/blocks/${blocked.body.block.id}`)).status).to.equal(204);
    expect((await widgetSession(site.key, '192.0.2.99', first.body.visitorKey)).status).to.equal(200);
    expect(await db.models.AuditLog.count({ where: { action: 'visitor.unblocked' } })).to.equal(1);
  });

  it('an IPv4 range block refuses every visitor calling from it, on this website only', async () => {
    const agent = await as('agent');
    const inRange = await widgetSession(site.key, '203.0.113.45');
    const visitor = await visitorSocket(inRange.body.token, '203.0.113.45');
    const block = await agent.post(`/api/clients/${site.id}/blocks`, { ipRange: '203.0.113.0/24', reason: 'Spam bot network' });
    expect(block.status, JSON.stringify(block.body)).to.equal(201);

    expect((await widgetSession(site.key, '203.0.113.200')).status).to.equal(403);
    expect((await widgetSession(site.key, '203.0.114.1')).status).to.equal(200);
    const start = await visitor.request({ type: 'chat.start', lead: { name: 'Bot', email: 'bot@example.test' }, message: 'buy now', clientMsgId: newMsgId() });
    expect(start.error?.code).to.equal('visitor_blocked');
    expect(await db.models.Chat.count({ where: { visitor_id: inRange.body.visitorId } })).to.equal(0);
    // Another website does not share the block.
    expect((await widgetSession(other.key, '203.0.113.200', undefined, 'https://other.test')).status).to.equal(200);
    await agent.delete(`/api/clients/${site.id}/blocks/${block.body.block.id}`);
  });

  it('refuses bad blocks with the reason, another website’s agent gets 404, a manager only reads', async () => {
    const agent = await as('agent');
    const path = `/api/clients/${site.id}/blocks`;
    const both = await agent.post(path, { visitorId: 1, ipRange: '10.0.0.1', reason: 'x' });
    expect(both.status).to.equal(422);
    expect(both.body.error.message).to.contain('either a visitor');
    const badRange = await agent.post(path, { ipRange: '10.0.0.0/33', reason: 'x' });
    expect(badRange.body.error.message).to.contain('range such as 203.0.113.0/24');
    expect((await agent.post(path, { ipRange: '10.0.0.0/8', reason: ' ' })).body.error.message).to.contain('say why');
    // A visitor of another website is not found from this one.
    const foreignVisitor = await factories(db).visitor(other.id);
    expect((await agent.post(path, { visitorId: foreignVisitor.id, reason: 'x' })).status).to.equal(404);

    const mine = await agent.post(path, { ipRange: '192.0.2.0/28', reason: 'Testing' });
    const foreign = await as('foreign');
    expect((await foreign.get(path)).status).to.equal(404);
    expect((await foreign.post(path, { ipRange: '10.0.0.0/8', reason: 'x' })).status).to.equal(404);
    expect((await foreign.delete(`${path}/${mine.body.block.id}`)).status).to.equal(404);
    // The block id of this website under another website's path is not found either.
    const admin = await as('admin');
    expect((await admin.delete(`/api/clients/${other.id}/blocks/${mine.body.block.id}`)).status).to.equal(404);
    const manager = await as('manager');
    expect((await manager.get(path)).body.blocks).to.have.length(1);
    expect((await manager.post(path, { ipRange: '10.0.0.0/8', reason: 'x' })).status).to.equal(403);
    expect(await db.models.VisitorBlock.count({ where: { client_id: site.id } })).to.equal(1);
  });
});
