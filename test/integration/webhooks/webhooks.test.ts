import fs from 'node:fs';
import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { agentClient, visitorClient, waitFor } from '../../helpers/sharedClient.js';
import { parsePrometheus, verifySignature, webhookReceiver } from '../../helpers/webhookReceiver.js';
import type { Database } from '../../../lib/db/index.js';
import { letTimePass } from '../../helpers/wait.js';
import type { RunningServer } from '../../../lib/server.js';

const WEBHOOKS = { allowPrivateAddresses: ['127.0.0.1'], pollIntervalMs: 25, retryBaseMs: 20, retryMaxDelayMs: 80, giveUpAfterMs: 600_000, leaseMs: 2000, timeoutMs: 1500 };
const METRICS_TOKEN = 'scrape-me-please';

describeEachDialect('webhooks and metrics', (dialect) => {
  let install: Installed;
  let server: RunningServer & { baseUrl: string };
  let db: Database;
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
  let admin: ApiClient;
  let manager: ApiClient;
  let agentApi: ApiClient;
  let site: { id: number; widget_key: string };
  let otherSite: { id: number; widget_key: string };

  before(async function () {
    this.timeout(60_000);
    receiver = await webhookReceiver();
    install = await installFixture(dialect, { webhooks: WEBHOOKS, metrics: { token: METRICS_TOKEN, allowedAddresses: [] } });
    db = install.open();
    const f = factories(db);
    site = await f.client({ domains: ['example.test'] });
    otherSite = await f.client({ domains: ['example.test'] });
    const adminUser = await f.user('super_admin');
    const managerUser = await f.user('manager');
    const agentUser = await f.user('agent', { status: 'online', pseudo_name: 'Alex' }, [site.id]);
    server = await startTestServer(install);
    admin = await signedIn(server.baseUrl, adminUser.email, TEST_PASSWORD);
    manager = await signedIn(server.baseUrl, managerUser.email, TEST_PASSWORD);
    agentApi = await signedIn(server.baseUrl, agentUser.email, TEST_PASSWORD);
  });
  after(async () => {
    await server?.close();
    await db?.close();
    await receiver?.close();
    await install?.cleanup();
  });

  it('delivers a chat’s events signed, retried after failures, in the chat’s order; the log shows them and redelivers', async function () {
    this.timeout(30_000);
    const created = await admin.post('/api/webhooks', { url: receiver.url('/site'), events: ['chat.created', 'chat.assigned', 'chat.closed', 'message.created', 'visitor.identified', 'lead.captured', 'rating.given'], websiteId: site.id });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const { secret, id: hookId } = created.body.webhook;
    expect(secret).to.match(/^whsec_/);
    expect((await admin.get('/api/webhooks')).body.webhooks[0]).to.not.have.property('secret');
    // Another website's subscription hears nothing of this chat.
    const other = await admin.post('/api/webhooks', { url: receiver.url('/other'), events: ['chat.created', 'message.created'], websiteId: otherSite.id });
    expect(other.status).to.equal(201);

    // The receiver fails on purpose: the first three requests, then every third one.
    receiver.answerWith((_body, i) => (i < 3 || i % 3 === 0 ? 500 : 200));
    const agent = agentClient(server.baseUrl, agentApi.cookie!);
    const { client: visitor, session } = await visitorClient(server.baseUrl, site.widget_key);
    agent.connect();
    visitor.connect();
    const started = (await visitor.request({ type: 'chat.start', lead: { name: 'Kim', email: 'kim@example.test' }, message: 'hello' })) as unknown as { chat: { id: number } };
    const chatId = started.chat.id;
    await agent.request({ type: 'chat.join', chatId });
    for (let i = 1; i <= 6; i++) await (i % 2 ? visitor : agent).sendMessage(chatId, `m${i}`);
    await agent.request({ type: 'chat.close', chatId });
    const rated = await fetch(`${server.baseUrl}/api/widget/chats/${chatId}/rating`, { method: 'POST', headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json', origin: 'https://example.test' }, body: JSON.stringify({ rating: 5, comment: 'great' }) });
    expect(rated.status).to.equal(200);
    agent.close();
    visitor.close();

    const ofChat = () => receiver.delivered().filter((r) => r.body.data.chatId === chatId || r.body.data.chat?.id === chatId);
    await waitFor(() => ofChat().some((r) => r.body.type === 'rating.given'), 15_000, 'every event of the chat delivered');
    const types = ofChat().map((r) => r.body.type);
    expect(types[0]).to.equal('chat.created');
    expect(types.slice(-2)).to.deep.equal(['chat.closed', 'rating.given']);
    expect(types).to.include('lead.captured').and.to.include('chat.assigned');
    // Messages in seq order, each once among the successful deliveries; none of another website.
    const seqs = ofChat().filter((r) => r.body.type === 'message.created').map((r) => r.body.data.message.seq as number);
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).to.equal(seqs.length);
    const bodies = ofChat().filter((r) => r.body.type === 'message.created').map((r) => r.body.data.message.body);
    for (const b of ['hello', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']) expect(bodies).to.include(b);
    expect(receiver.received.some((r) => r.headers['livechat-event-type'] && r.body.websiteId === otherSite.id)).to.equal(false);
    expect(receiver.delivered().some((r) => r.body.type === 'visitor.identified' && r.body.data.visitor.name === 'Kim')).to.equal(true);

    // Signed: HMAC-SHA256(secret, timestamp + "." + body), the timestamp also in its own header.
    for (const r of receiver.received) {
      expect(verifySignature(secret, r.raw, r.headers['livechat-signature'] as string), 'signature').to.equal(true);
      expect(r.headers['livechat-signature']).to.contain(`t=${r.headers['livechat-timestamp']},`);
      expect(r.body).to.include.keys('id', 'type', 'time', 'websiteId', 'data');
    }
    expect(verifySignature('not-the-secret', receiver.received[0].raw, receiver.received[0].headers['livechat-signature'] as string)).to.equal(false);

    // The log: the failures were retried (attempts > 1, the 500 kept until the success).
    const log = await admin.get(`/api/webhooks/${hookId}/deliveries?limit=200`);
    expect(log.status).to.equal(200);
    const first = log.body.deliveries.find((d: any) => d.type === 'chat.created');
    expect(first).to.include({ status: 'delivered', responseCode: 200 });
    expect(first.attempts).to.be.greaterThan(1);
    expect(first.payload.data.chat.id).to.equal(chatId);
    expect(log.body.deliveries.every((d: any) => d.status === 'delivered')).to.equal(true);

    // Redeliver: the same event again (same id), as a new row of the log.
    const before = receiver.delivered().length;
    receiver.answerWith(() => 200);
    const again = await admin.post(`/api/webhooks/deliveries/${first.id}/redeliver`);
    expect(again.status).to.equal(202);
    await waitFor(() => receiver.delivered().length > before, 5000, 'the redelivery');
    expect(receiver.delivered().at(-1)!.body.id).to.equal(first.eventId);
    expect((await admin.post('/api/webhooks/deliveries/999999/redeliver')).status).to.equal(404);
  });

  it('is for super admins only, and refuses bad input with a clear error', async () => {
    for (const who of [manager, agentApi]) {
      expect((await who.get('/api/webhooks')).status).to.equal(403);
      expect((await who.post('/api/webhooks', { url: receiver.url(), events: ['chat.created'] })).status).to.equal(403);
    }
    const ftp = await admin.post('/api/webhooks', { url: 'ftp://example.test/x', events: ['chat.created'] });
    expect(ftp.status).to.equal(422);
    expect(ftp.body.error.message).to.match(/http/);
    const none = await admin.post('/api/webhooks', { url: receiver.url(), events: [] });
    expect(none.status).to.equal(422);
    expect((await admin.post('/api/webhooks', { url: receiver.url(), events: ['chat.exploded'] })).status).to.equal(422);
    expect((await admin.post('/api/webhooks', { url: receiver.url(), events: ['chat.created'], websiteId: 987654 })).status).to.equal(422);
    expect((await admin.get('/api/webhooks/987654/deliveries')).status).to.equal(404);
    expect((await admin.patch('/api/webhooks/987654', { enabled: false })).status).to.equal(404);
  });

  it('refuses private addresses not allowed (SSRF) and follows no redirect', async function () {
    this.timeout(15_000);
    // 127.0.0.2 is loopback too, but only 127.0.0.1 is allowed by this configuration.
    const blocked = await admin.post('/api/webhooks', { url: `http://127.0.0.2:${receiver.port}/blocked`, events: ['chat.created'], websiteId: otherSite.id });
    const redirected = await admin.post('/api/webhooks', { url: receiver.url('/redirect'), events: ['chat.created'], websiteId: otherSite.id });
    receiver.answerWith((_body, _i, path) => (path === '/redirect' ? 302 : 200));
    const { client: visitor } = await visitorClient(server.baseUrl, otherSite.widget_key);
    visitor.connect();
    await visitor.request({ type: 'chat.start' });
    visitor.close();
    const logOf = async (id: number) => (await admin.get(`/api/webhooks/${id}/deliveries`)).body.deliveries[0];
    let blockedRow: any;
    let redirectRow: any;
    for (let tries = 0; tries < 100 && !(blockedRow?.attempts > 0 && redirectRow?.attempts > 0); tries++) {
      await letTimePass(50);
      blockedRow = await logOf(blocked.body.webhook.id);
      redirectRow = await logOf(redirected.body.webhook.id);
    }
    expect(blockedRow.responseCode).to.equal(null);
    expect(blockedRow.error).to.match(/private or loopback/);
    expect(blockedRow.status).to.equal('pending');
    expect(redirectRow.responseCode).to.equal(302);
    expect(redirectRow.error).to.match(/redirects are not followed/);
    expect(receiver.received.some((r) => r.headers.host?.startsWith('127.0.0.2'))).to.equal(false);
    // Disabled: nothing more is attempted.
    for (const id of [blocked.body.webhook.id, redirected.body.webhook.id]) expect((await admin.patch(`/api/webhooks/${id}`, { enabled: false })).body.webhook.enabled).to.equal(false);
  });

  it('serves Prometheus metrics to the token only', async () => {
    expect((await fetch(`${server.baseUrl}/metrics`)).status).to.equal(403);
    expect((await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).to.equal(403);
    const agent = agentClient(server.baseUrl, agentApi.cookie!);
    agent.connect();
    await waitFor(() => server.realtime.hub.connections.size > 0, 5000, 'the agent connected');
    const res = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    agent.close();
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain/);
    const text = await res.text();
    const samples = parsePrometheus(text);
    expect(samples.get('livechat_open_connections{role="agent"}')).to.be.at.least(1);
    expect(samples.has('livechat_open_connections{role="visitor"}')).to.equal(true);
    expect(samples.get('livechat_messages_total{sender="visitor"}')).to.be.at.least(3);
    expect([...samples.keys()].some((k) => k.startsWith('livechat_frame_ack_seconds_bucket{') && k.includes('type="message.send"'))).to.equal(true);
    expect(samples.has('livechat_waiting_chats')).to.equal(true);
    expect(samples.has('nodejs_eventloop_lag_seconds')).to.equal(true);
    expect(samples.has('livechat_db_pool_connections{state="size"}')).to.equal(true);
    expect(samples.has('livechat_mail_queue')).to.equal(true);
    expect(samples.get('livechat_webhook_backlog')).to.be.a('number');
    expect(samples.get('livechat_webhook_attempts_total{outcome="failed"}')).to.be.at.least(3);
    // Every metric the shipped Grafana dashboard charts is one this server exposes.
    const dashboard = fs.readFileSync(new URL('../../../templates/grafana-dashboard.json', import.meta.url), 'utf8');
    const charted = new Set(dashboard.match(/\b(livechat|nodejs)_[a-z0-9_]+/g)!.map((n) => n.replace(/_bucket$/, '')));
    const names = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
    for (const name of charted) expect(names, name).to.include(name);
  });
});
