import { expect } from 'chai';
import webpush from 'web-push';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import { startPushService } from '../../helpers/pushService.js';
import { quietFor, waitFor } from '../../helpers/wait.js';

const vapid = webpush.generateVAPIDKeys();

/**
 * Web Push from outside: an agent's browser subscribes, a visitor opens a chat on the agent's
 * website, and the push service (a local HTTPS stand-in) receives a VAPID-signed, encrypted
 * request the browser can decrypt; nobody else's browser gets one.
 */
describeEachDialect('Web Push notifications', (dialect) => {
  let push: Awaited<ReturnType<typeof startPushService>>;
  // The stand-in listens on loopback: its address is allowed by name, as a sysadmin would list an
  // in-house push service. "localhost" is allowed too, to show that a listed host name resolving
  // to loopback is still refused.
  const allowedHosts: string[] = [];
  before(async () => {
    push = await startPushService();
    allowedHosts.push(`127.0.0.1:${push.port}`, `localhost:${push.port}`, 'push.example.test');
  });
  const scene = withServer(dialect, {
    vapid: { publicKey: vapid.publicKey, privateKey: vapid.privateKey, subject: 'mailto:ops@example.test' },
    push: { allowedHosts },
  });
  let alex: ApiClient;
  let olga: ApiClient;
  let widgetKey: string;

  before(async () => {
    const a = await scene.f.client({ name: 'Site A', domains: ['example.test'] });
    const b = await scene.f.client({ name: 'Site B', domains: ['other.test'] });
    widgetKey = a.widget_key;
    await scene.f.user('agent', { email: 'alex@example.test', pseudo_name: 'Alex', status: 'online' }, [a.id]);
    await scene.f.user('agent', { email: 'olga@example.test', pseudo_name: 'Olga', status: 'online' }, [b.id]);
    alex = await signedIn(scene.server.baseUrl, 'alex@example.test', TEST_PASSWORD);
    olga = await signedIn(scene.server.baseUrl, 'olga@example.test', TEST_PASSWORD);
  });
  after(async () => push?.close());

  it('hands out the install’s public VAPID key', async () => {
    const res = await alex.get('/api/push/key');
    expect(res.status).to.equal(200);
    expect(res.body.publicKey).to.equal(vapid.publicKey);
  });

  it('refuses a malformed subscription and an unsigned-in caller', async () => {
    expect((await alex.post('/api/push/subscriptions', { endpoint: 'not a url', keys: { p256dh: 'x', auth: 'y' } })).status).to.equal(422);
    const anonymous = await fetch(`${scene.server.baseUrl}/api/push/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).to.equal(401);
  });

  it('pushes a new waiting chat, encrypted with VAPID, to the browsers of that website’s agents only', async () => {
    const alexBrowser = push.browser('alex');
    const olgaBrowser = push.browser('olga');
    expect((await alex.post('/api/push/subscriptions', alexBrowser.subscription)).status).to.equal(201);
    expect((await alex.post('/api/push/subscriptions', alexBrowser.subscription)).status, 'a second registration is the same one').to.equal(200);
    expect((await olga.post('/api/push/subscriptions', olgaBrowser.subscription)).status).to.equal(201);
    expect(await scene.db.models.PushSubscription.count()).to.equal(2);

    const { socket } = await connectVisitor(scene.server.baseUrl, widgetKey);
    const started = await socket.request({ type: 'chat.start', lead: { name: 'Vera', email: 'vera@example.test', phone: '+1 555 0100' }, message: 'Hi', clientMsgId: newMsgId() });
    expect(started.ok).to.equal(true);
    const [request] = await push.waitFor(1);
    await quietFor(200); // a push to another agent would follow within a few ms
    socket.close();
    expect(push.received, 'only Alex works on Site A').to.have.length(1);
    expect(request.path).to.equal('/push/alex');
    expect(request.headers['content-encoding']).to.equal('aes128gcm');
    expect(String(request.headers.authorization)).to.match(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${vapid.publicKey}$`));
    expect(request.body.includes(Buffer.from('Vera')), 'the payload is encrypted').to.equal(false);
    const payload = alexBrowser.decrypt(request.body);
    expect(payload).to.deep.include({ type: 'chat_waiting', title: 'New chat waiting', body: 'Vera on Site A', chatId: started.chat.id });
  });

  it('forgets a subscription the push service says is gone, and lets an agent unsubscribe only their own', async () => {
    const before = push.received.length;
    push.answer(410);
    const { socket } = await connectVisitor(scene.server.baseUrl, widgetKey, 'https://example.test');
    await socket.request({ type: 'chat.start', lead: { name: 'Walt', email: 'walt@example.test', phone: '+1 555 0101' }, message: 'Hi', clientMsgId: newMsgId() });
    await push.waitFor(before + 1);
    const alexRows = () => scene.db.models.PushSubscription.count({ where: { endpoint: push.received[before].headers.host ? `https://${push.received[before].headers.host}/push/alex` : '' } });
    await waitFor('the gone subscription deleted', async () => (await alexRows()) === 0, 3000, 50).catch(() => undefined); // the rows are checked below
    socket.close();
    push.answer(201);
    const rows = await scene.db.models.PushSubscription.findAll();
    expect(rows.map((r) => r.endpoint.split('/').pop())).to.deep.equal(['olga']);

    const olgaEndpoint = rows[0].endpoint;
    expect((await alex.delete(`/api/push/subscriptions?endpoint=${encodeURIComponent(olgaEndpoint)}`)).status).to.equal(404);
    expect((await olga.delete(`/api/push/subscriptions?endpoint=${encodeURIComponent(olgaEndpoint)}`)).status).to.equal(204);
    expect(await scene.db.models.PushSubscription.count()).to.equal(0);
  });

  it('refuses an endpoint that is not https on an allowed push service at a public address: 400 saying why, nothing stored, nothing fetched', async () => {
    const keys = push.browser('probe').subscription.keys;
    const before = { rows: await scene.db.models.PushSubscription.count(), fetched: push.received.length };
    const cases: [string, RegExp][] = [
      [`http://127.0.0.1:${push.port}/push/probe`, /must be an https:\/\/ URL/],
      [`https://localhost:${push.port}/push/probe`, /localhost resolves to a private, loopback or link-local address/],
      [`https://127.0.0.1/push/probe`, /port 443 is not allowed for 127\.0\.0\.1/],
      [`https://[::1]:${push.port}/push/probe`, /::1 is not a push service this server sends to/],
      ['https://10.0.0.8/push/probe', /10\.0\.0\.8 is not a push service/],
      ['https://169.254.169.254/latest/meta-data', /169\.254\.169\.254 is not a push service/],
      ['https://attacker.example/push/probe', /attacker\.example is not a push service this server sends to \(push\.allowedHosts\)/],
      ['https://fcm.googleapis.com.attacker.example/push', /is not a push service/],
      ['https://fcm.googleapis.com:8443/fcm/send/x', /is not a push service/],
      ['https://push.example.test:8443/x', /port 8443 is not allowed for push\.example\.test/],
      [`https://user:pw@127.0.0.1:${push.port}/push/probe`, /must not carry a user name or password/],
    ];
    for (const [endpoint, message] of cases) {
      const res = await alex.post('/api/push/subscriptions', { endpoint, keys });
      expect(res.status, `${endpoint}: ${JSON.stringify(res.body)}`).to.equal(400);
      expect(res.body.error.code).to.equal('push_endpoint_refused');
      expect(res.body.error.message, endpoint).to.match(message);
    }
    expect(await scene.db.models.PushSubscription.count()).to.equal(before.rows);
    expect(push.received.length).to.equal(before.fetched);
  });

  it('checks again at send time: a saved endpoint whose host now resolves to loopback is not fetched; the others still are', async () => {
    const good = push.browser('good');
    expect((await alex.post('/api/push/subscriptions', good.subscription)).status).to.equal(201);
    // As if push.example.test had resolved to a public address at save time and to 127.0.0.1 now.
    const alexId = (await scene.db.models.User.findOne({ where: { email: 'alex@example.test' } }))!.id;
    const rebound = push.browser('rebound').subscription;
    await scene.db.models.PushSubscription.create({ user_id: alexId, endpoint: `https://localhost:${push.port}/push/rebound`, endpoint_hash: 'rebound', p256dh: rebound.keys.p256dh, auth: rebound.keys.auth, user_agent: null });
    const before = push.received.length;
    const { socket } = await connectVisitor(scene.server.baseUrl, widgetKey);
    await socket.request({ type: 'chat.start', lead: { name: 'Xena', email: 'xena@example.test', phone: '+1 555 0102' }, message: 'Hi', clientMsgId: newMsgId() });
    await push.waitFor(before + 1);
    await quietFor(500); // a push to a refused endpoint would follow within a few ms
    socket.close();
    expect(push.received.slice(before).map((r) => r.path)).to.deep.equal(['/push/good']);
  });
});
