import { expect } from 'chai';
import webpush from 'web-push';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import { startPushService } from '../../helpers/pushService.js';

const vapid = webpush.generateVAPIDKeys();

/**
 * Web Push from outside: an agent's browser subscribes, a visitor opens a chat on the agent's
 * website, and the push service (a local HTTPS stand-in) receives a VAPID-signed, encrypted
 * request the browser can decrypt; nobody else's browser gets one.
 */
describeEachDialect('Web Push notifications', (dialect) => {
  const scene = withServer(dialect, { vapid: { publicKey: vapid.publicKey, privateKey: vapid.privateKey, subject: 'mailto:ops@example.test' } });
  let push: Awaited<ReturnType<typeof startPushService>>;
  let alex: ApiClient;
  let olga: ApiClient;
  let widgetKey: string;

  before(async () => {
    push = await startPushService();
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
    await new Promise((r) => setTimeout(r, 200));
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
    const until = Date.now() + 3000;
    const alexRows = () => scene.db.models.PushSubscription.count({ where: { endpoint: push.received[before].headers.host ? `https://${push.received[before].headers.host}/push/alex` : '' } });
    while ((await alexRows()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    socket.close();
    push.answer(201);
    const rows = await scene.db.models.PushSubscription.findAll();
    expect(rows.map((r) => r.endpoint.split('/').pop())).to.deep.equal(['olga']);

    const olgaEndpoint = rows[0].endpoint;
    expect((await alex.delete(`/api/push/subscriptions?endpoint=${encodeURIComponent(olgaEndpoint)}`)).status).to.equal(404);
    expect((await olga.delete(`/api/push/subscriptions?endpoint=${encodeURIComponent(olgaEndpoint)}`)).status).to.equal(204);
    expect(await scene.db.models.PushSubscription.count()).to.equal(0);
  });
});
