import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { withServer } from '../../helpers/scene.js';
import { signedIn } from '../../helpers/http.js';
import { connectAgent, connectVisitor } from '../../helpers/visitors.js';
import { letTimePass, quietFor } from '../../helpers/wait.js';


describeEachDialect('presence', (dialect) => {

  const scene = withServer(dialect, { chat: { agentOfflineGraceSeconds: 0.5, visitorOfflineGraceSeconds: 0.5 } });

  const agentSocket = async (email: string) => connectAgent(scene.server.baseUrl, (await signedIn(scene.server.baseUrl, email, TEST_PASSWORD)).cookie!);

  it('an agent is online while a dashboard is open, offline a grace period after the last one closes; colleagues are told', async () => {
    const client = await scene.f.client();
    const ann = await scene.f.user('agent', { status: 'offline' }, [client.id]);
    const bob = await scene.f.user('agent', { status: 'online' }, [client.id]);
    const watcher = await agentSocket(bob.email);
    await watcher.request({ type: 'subscribe', channel: `visitors.${client.id}` });

    const first = await agentSocket(ann.email);
    const second = await agentSocket(ann.email);
    await watcher.event('agent.status', (e) => e.agentId === ann.id && e.status === 'online');
    expect((await scene.db.models.User.findByPk(ann.id))!.status).to.equal('online');

    first.close();
    await quietFor(900); // past the 0.5 s grace: an offline would have been written by now
    expect((await scene.db.models.User.findByPk(ann.id))!.status, 'offline while a second dashboard is open').to.equal('online');
    second.close();
    await watcher.event('agent.status', (e) => e.agentId === ann.id && e.status === 'offline', 3000);
    const row = await scene.db.models.User.findByPk(ann.id);
    expect(row!.status).to.equal('offline');
    expect(row!.last_seen_at).to.be.instanceOf(Date);
    watcher.close();
  });

  it('an agent sets away and back; the change reaches the website\'s other agents', async () => {
    const client = await scene.f.client();
    const ann = await scene.f.user('agent', { status: 'online' }, [client.id]);
    const bob = await scene.f.user('agent', { status: 'online' }, [client.id]);
    const watcher = await agentSocket(bob.email);
    await watcher.request({ type: 'subscribe', channel: `visitors.${client.id}` });
    const a = await agentSocket(ann.email);
    expect((await a.request({ type: 'status.set', status: 'away' })).ok).to.equal(true);
    await watcher.event('agent.status', (e) => e.agentId === ann.id && e.status === 'away');
    const bad = await a.request({ type: 'status.set', status: 'asleep' });
    expect(bad.ok).to.equal(false);
    expect((await scene.db.models.User.findByPk(ann.id))!.status).to.equal('away');
    a.close();
    watcher.close();
  });

  it('a visitor goes offline after the grace period, but a page reload within it is not an offline blip', async () => {
    const client = await scene.f.client({ domains: ['example.test'] });
    const bob = await scene.f.user('agent', { status: 'online' }, [client.id]);
    const watcher = await agentSocket(bob.email);
    await watcher.request({ type: 'subscribe', channel: `visitors.${client.id}` });
    const v1 = await connectVisitor(scene.server.baseUrl, client.widget_key);
    const id = v1.session.visitorId;
    await watcher.event('visitor.presence', (e) => e.visitorId === id && e.online);

    v1.socket.close();
    await letTimePass(100); // the gap of a page reload, well within the 0.5 s grace
    const v2 = await connectVisitor(scene.server.baseUrl, client.widget_key, 'https://example.test', v1.session.visitorKey);
    await quietFor(900); // past the grace of v1's close
    expect(watcher.events.filter((e) => e.name === 'visitor.presence' && e.visitorId === id && !e.online), 'reload flickered offline').to.have.length(0);

    v2.socket.close();
    await watcher.event('visitor.presence', (e) => e.visitorId === id && !e.online, 3000);
    const session = await scene.db.models.VisitorSession.findOne({ where: { visitor_id: id }, order: [['id', 'DESC']] });
    expect(session!.is_online).to.equal(false);
    watcher.close();
  });

  it('tells the agents of the website about page changes, live', async () => {
    const client = await scene.f.client({ domains: ['example.test'] });
    const bob = await scene.f.user('agent', { status: 'online' }, [client.id]);
    const watcher = await agentSocket(bob.email);
    await watcher.request({ type: 'subscribe', channel: `visitors.${client.id}` });
    const v = await connectVisitor(scene.server.baseUrl, client.widget_key);
    v.socket.send({ type: 'page.view', url: 'https://example.test/checkout', title: 'Checkout' });
    // The widget session's own page view comes first; this is the navigation after it.
    const page = await watcher.event('visitor.page', (e) => e.visitorId === v.session.visitorId && e.url.endsWith('/checkout'));
    expect(page).to.include({ url: 'https://example.test/checkout', title: 'Checkout' });
    const visits = await scene.db.models.PageVisit.count({ where: { page_url: 'https://example.test/checkout' } });
    expect(visits).to.equal(1);
    v.socket.close();
    watcher.close();
  });
});
