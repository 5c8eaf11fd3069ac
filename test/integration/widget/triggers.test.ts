import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { TestSocket } from '../../helpers/rtclient.js';
import { newMsgId } from '../../helpers/visitors.js';

const ORIGIN = 'https://example.test';
const PHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const greeting = (text = 'Can I help?') => ({ text, agentId: null, show: 'toast' });

describeEachDialect('proactive triggers: rules, evaluation, frequency, priority, counts', (dialect) => {
  const scene = withServer(dialect);
  let admin: ApiClient;

  before(async () => {
    const boss = await scene.f.user('super_admin');
    admin = await signedIn(scene.server.baseUrl, boss.email, TEST_PASSWORD);
  });

  /** A page load as the loader makes it: the session call (a new visit unless sessionKey is given). */
  async function load(widgetKey: string, o: { path?: string; referrer?: string; visitorKey?: string; sessionKey?: string; ua?: string } = {}) {
    const res = await fetch(`${scene.server.baseUrl}/api/widget/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, ...(o.ua ? { 'user-agent': o.ua } : {}) },
      body: JSON.stringify({ widgetKey, visitorKey: o.visitorKey, sessionKey: o.sessionKey, page: { url: `${ORIGIN}${o.path ?? '/'}`, title: 'Page', referrer: o.referrer } }),
    });
    expect(res.status).to.equal(200);
    return (await res.json()) as { token: string; visitorId: number; visitorKey: string; sessionKey: string; pageVisitId: number; triggerWaits: number[] };
  }

  /** As the loader asks: text/plain JSON with the visitor token. */
  async function widgetCall(path: string, body: Record<string, unknown>) {
    const res = await fetch(`${scene.server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  }
  const check = (s: { token: string; pageVisitId: number }, seconds: number, identity?: Record<string, unknown>) =>
    widgetCall('/api/widget/triggers/check', { token: s.token, pageVisitId: s.pageVisitId, seconds, identity });

  async function website(...rules: Record<string, unknown>[]) {
    const client = await scene.f.client({ domains: ['example.test'] });
    const triggers = [];
    for (const rule of rules) {
      const res = await admin.post(`/api/clients/${client.id}/triggers`, { name: 'Rule', action: greeting(), ...rule });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      triggers.push(res.body.trigger);
    }
    return { client, triggers };
  }

  it('a super admin adds, lists, changes and removes a website\'s triggers, audited; bad input and other roles are refused', async () => {
    const { client, triggers } = await website({ name: 'Pricing help', priority: 5, conditions: [{ kind: 'url', match: 'contains', value: '/pricing' }, { kind: 'timeOnPage', seconds: 20 }], frequencyDays: 7 });
    expect(triggers[0]).to.include({ name: 'Pricing help', priority: 5, enabled: true, frequencyDays: 7 });
    const list = await admin.get(`/api/clients/${client.id}/triggers`);
    expect(list.body.triggers.map((t: any) => [t.id, t.counts])).to.deep.equal([[triggers[0].id, { shown: 0, accepted: 0, chatsStarted: 0 }]]);
    const patched = await admin.patch(`/api/clients/${client.id}/triggers/${triggers[0].id}`, { enabled: false });
    expect(patched.body.trigger).to.include({ enabled: false, priority: 5, name: 'Pricing help' });

    const bad = [
      { name: 'x', conditions: [{ kind: 'url', match: 'contains', value: '' }], action: greeting() },
      { name: 'x', conditions: [{ kind: 'visitCount', min: 5, max: 2 }], action: greeting() },
      { name: 'x', conditions: [{ kind: 'weather', value: 'sunny' }], action: greeting() },
      { name: 'x', conditions: [], action: { text: '', agentId: null, show: 'toast' } },
      { name: 'x', conditions: [], action: { text: 'Hi', agentId: null, show: 'open' } },
    ];
    for (const body of bad) expect((await admin.post(`/api/clients/${client.id}/triggers`, body)).status, JSON.stringify(body)).to.equal(422);

    const other = await scene.f.client();
    const otherAgent = await scene.f.user('agent', {}, [other.id]);
    const foreignSender = await admin.post(`/api/clients/${client.id}/triggers`, { name: 'x', conditions: [], action: { ...greeting(), agentId: otherAgent.id } });
    expect(foreignSender.status).to.equal(404);
    expect((await admin.patch(`/api/clients/${client.id}/triggers/${triggers[0].id}`, { action: { ...greeting(), agentId: otherAgent.id } })).status).to.equal(404);
    expect((await admin.patch(`/api/clients/${other.id}/triggers/${triggers[0].id}`, { enabled: true })).status).to.equal(404);
    expect((await admin.delete(`/api/clients/${other.id}/triggers/${triggers[0].id}`)).status).to.equal(404);
    const manager = await scene.f.user('manager', {}, [client.id]);
    const asManager = await signedIn(scene.server.baseUrl, manager.email, TEST_PASSWORD);
    expect((await asManager.get(`/api/clients/${client.id}/triggers`)).status).to.equal(403);
    expect(await scene.db.models.Trigger.count({ where: { client_id: client.id } })).to.equal(1);

    expect((await admin.delete(`/api/clients/${client.id}/triggers/${triggers[0].id}`)).status).to.equal(204);
    const audit = await scene.db.models.AuditLog.findAll({ where: { target_type: 'trigger', target_id: triggers[0].id }, order: [['id', 'ASC']] });
    expect(audit.map((a) => a.action)).to.deep.equal(['trigger.created', 'trigger.updated', 'trigger.deleted']);
  });

  it('each kind of condition: the page load names when to ask, and the check fires only when it holds', async () => {
    type Visit = (widgetKey: string) => Promise<{ s: any; seconds?: number; identity?: Record<string, unknown> }>;
    const cases: { condition: Record<string, unknown>; yes: Visit; no: Visit }[] = [];
    const add = (condition: Record<string, unknown>, yes: Visit, no: Visit) => cases.push({ condition, yes, no });
    add({ kind: 'url', match: 'contains', value: '/pricing' }, async (k) => ({ s: await load(k, { path: '/pricing?plan=pro' }) }), async (k) => ({ s: await load(k, { path: '/about' }) }));
    add({ kind: 'url', match: 'glob', value: 'https://example.test/docs/*/setup' }, async (k) => ({ s: await load(k, { path: '/docs/v2/setup' }) }), async (k) => ({ s: await load(k, { path: '/docs/v2/setup/more' }) }));
    add({ kind: 'timeOnPage', seconds: 30 }, async (k) => ({ s: await load(k), seconds: 30 }), async (k) => ({ s: await load(k), seconds: 29 }));
    add({ kind: 'timeOnSite', seconds: 60 }, async (k) => ({ s: await load(k), seconds: 61 }), async (k) => ({ s: await load(k), seconds: 20 }));
    add({ kind: 'visitCount', min: 2, max: null }, async (k) => {
      const first = await load(k);
      return { s: await load(k, { visitorKey: first.visitorKey }) };
    }, async (k) => ({ s: await load(k) }));
    add({ kind: 'visitorType', value: 'new' }, async (k) => ({ s: await load(k) }), async (k) => ({ s: await load(k, { visitorKey: (await load(k)).visitorKey }) }));
    add({ kind: 'referrer', value: 'google.' }, async (k) => ({ s: await load(k, { referrer: 'https://www.google.com/search' }) }), async (k) => ({ s: await load(k, { referrer: 'https://bing.com/' }) }));
    add({ kind: 'utm', param: 'source', value: 'newsletter' }, async (k) => ({ s: await load(k, { path: '/?utm_source=Newsletter' }) }), async (k) => ({ s: await load(k, { path: '/?utm_source=ads' }) }));
    add({ kind: 'device', value: 'mobile' }, async (k) => ({ s: await load(k, { ua: PHONE_UA }) }), async (k) => ({ s: await load(k) }));
    add({ kind: 'attribute', name: 'plan', value: 'gold' }, async (k) => ({ s: await load(k), identity: { name: 'Vera', plan: 'gold' } }), async (k) => ({ s: await load(k), identity: { plan: 'free' } }));
    add({ kind: 'businessHours', value: 'open' }, async (k) => ({ s: await load(k) }), async (k) => ({ s: await load(k, { path: '/nothing-matches' }) }));
    // The country is read when the trigger is checked: set as the IP lookup would have.
    const inCountry = (country: string) => async (k: string) => {
      const s = await load(k);
      await scene.db.models.Visitor.update({ country }, { where: { id: s.visitorId } });
      return { s };
    };
    add({ kind: 'country', values: ['Germany', 'Austria'] }, inCountry('Austria'), inCountry('France'));

    for (const c of cases) {
      // businessHours's "no" case: a rule that also needs a page no visitor is on.
      const conditions = c.condition.kind === 'businessHours' ? [c.condition, { kind: 'url', match: 'contains', value: '/open-only' }] : [c.condition];
      const { client } = await website({ conditions });
      const label = JSON.stringify(c.condition);
      const yes = await c.yes(client.widget_key);
      const wait = c.condition.kind === 'timeOnPage' ? 30 : c.condition.kind === 'timeOnSite' ? 60 : 0;
      if (!['businessHours', 'country'].includes(c.condition.kind as string)) expect(yes.s.triggerWaits, label).to.deep.equal([wait]);
      const fired = c.condition.kind === 'businessHours' ? await check(await load(client.widget_key, { path: '/open-only' }), 0) : await check(yes.s, yes.seconds ?? wait, yes.identity);
      expect(fired.body, label).to.deep.include({ from: client.name, text: 'Can I help?', open: false });
      const no = await c.no(client.widget_key);
      if (!['timeOnPage', 'timeOnSite', 'attribute'].includes(c.condition.kind as string)) expect(no.s.triggerWaits, label).to.deep.equal([]);
      expect((await check(no.s, no.seconds ?? wait, no.identity)).body, label).to.deep.equal({});
    }
    // Closed hours never fire while every website counts as open (business hours not merged yet).
    const { client: closed } = await website({ conditions: [{ kind: 'businessHours', value: 'closed' }] });
    expect((await load(closed.widget_key)).triggerWaits).to.deep.equal([]);
  });

  it('frequency: once per visit, or once per N days; one greeting per page view', async () => {
    const { client, triggers } = await website({ conditions: [{ kind: 'timeOnPage', seconds: 5 }] });
    const first = await load(client.widget_key);
    expect((await check(first, 5)).body.showId).to.be.a('number');
    expect((await check(first, 9)).body).to.deep.equal({});
    // A single-page-app navigation in the same visit: nothing due, nothing fires.
    const nav = await widgetCall('/api/widget/pages', { token: first.token, url: `${ORIGIN}/next` });
    expect(nav.body.triggerWaits).to.deep.equal([]);
    expect((await check({ token: first.token, pageVisitId: nav.body.pageVisitId }, 5)).body).to.deep.equal({});
    // A new visit: again.
    const again = await load(client.widget_key, { visitorKey: first.visitorKey });
    expect(again.triggerWaits).to.deep.equal([5]);
    expect((await check(again, 5)).body.showId).to.be.a('number');

    await admin.patch(`/api/clients/${client.id}/triggers/${triggers[0].id}`, { frequencyDays: 3 });
    const third = await load(client.widget_key, { visitorKey: first.visitorKey });
    expect(third.triggerWaits).to.deep.equal([]);
    expect((await check(third, 5)).body).to.deep.equal({});
    // Four days later (the shows moved back): due again.
    await scene.db.models.TriggerShow.update({ shown_at: new Date(Date.now() - 4 * 86_400_000) }, { where: { visitor_id: first.visitorId } });
    expect((await check(third, 5)).body.showId).to.be.a('number');
  });

  it('priority: the first matching rule wins; a disabled rule never fires', async () => {
    const { client, triggers } = await website(
      { name: 'later', priority: 20, conditions: [], action: greeting('Second') },
      { name: 'first', priority: 10, conditions: [{ kind: 'url', match: 'contains', value: '/pricing' }], action: greeting('First') },
    );
    expect((await check(await load(client.widget_key, { path: '/pricing' }), 0)).body.text).to.equal('First');
    expect((await check(await load(client.widget_key, { path: '/home' }), 0)).body.text).to.equal('Second');
    await admin.patch(`/api/clients/${client.id}/triggers/${triggers[0].id}`, { priority: 1 });
    expect((await check(await load(client.widget_key, { path: '/pricing' }), 0)).body.text).to.equal('Second');
    await admin.patch(`/api/clients/${client.id}/triggers/${triggers[0].id}`, { enabled: false });
    expect((await check(await load(client.widget_key, { path: '/home' }), 0)).body).to.deep.equal({});
  });

  it('sent as an agent it starts a chat; counts: shown, accepted, chat started; visitors only reach their own', async () => {
    const client = await scene.f.client({ domains: ['example.test'] });
    const agent = await scene.f.user('agent', { pseudo_name: 'Alex' }, [client.id]);
    const made = await admin.post(`/api/clients/${client.id}/triggers`, { name: 'Hello', conditions: [], action: { text: 'Hi, I am Alex', agentId: agent.id, show: 'open' } });
    expect(made.status).to.equal(201);
    const vera = await load(client.widget_key);
    const fired = (await check(vera, 0)).body;
    expect(fired).to.deep.include({ from: 'Alex', text: 'Hi, I am Alex', open: true });
    const chat = await scene.db.models.Chat.findOne({ where: { visitor_id: vera.visitorId } });
    const messages = await scene.db.models.Message.findAll({ where: { chat_id: chat!.id } });
    expect(messages.map((m) => [m.sender_type, m.sender_id, m.body])).to.deep.equal([['agent', agent.id, 'Hi, I am Alex']]);
    // Already chatting: no other greeting.
    expect((await load(client.widget_key, { visitorKey: vera.visitorKey, sessionKey: vera.sessionKey })).triggerWaits).to.deep.equal([]);

    // Another visitor: shown, then accepted (opened) but no chat; and one who is only shown.
    const lea = await load(client.widget_key);
    const leaShow = (await check(lea, 0)).body.showId;
    const sam = await load(client.widget_key);
    expect((await check(sam, 0)).body.showId).to.be.a('number');
    expect((await widgetCall('/api/widget/triggers/accept', { token: sam.token, showId: leaShow })).status).to.equal(404);
    expect((await check({ token: sam.token, pageVisitId: lea.pageVisitId }, 0)).status).to.equal(404);
    expect((await widgetCall('/api/widget/triggers/accept', { token: lea.token, showId: leaShow })).status).to.equal(200);

    // Vera answers in the chat the greeting started (through her socket, as the widget does).
    const socket = await TestSocket.connect(`${scene.server.baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(vera.token)}`, { origin: ORIGIN });
    try {
      const ack = await socket.request({ type: 'message.send', chatId: chat!.id, clientMsgId: newMsgId(), body: 'Yes please' });
      expect(ack.ok, JSON.stringify(ack)).to.equal(true);
    } finally {
      socket.close();
    }
    const list = await admin.get(`/api/clients/${client.id}/triggers`);
    expect(list.body.triggers[0].counts).to.deep.equal({ shown: 3, accepted: 2, chatsStarted: 1 });
  });
});
