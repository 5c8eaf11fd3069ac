import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../../lib/domain/schemas.js';

const ORIGIN = 'https://example.test';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
/** MaxMind's own test address, in the GeoLite2 data geoip-lite ships. */
const LONDON_IP = '81.2.69.160';

describeEachDialect('widget session: visits, tracking and the returning visitor', (dialect) => {
  // Behind a proxy (nginx), the visitor's address comes in X-Forwarded-For.
  const scene = withServer(dialect, { server: { trustProxy: true } });

  async function session(widgetKey: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    const res = await fetch(`${scene.server.baseUrl}/api/widget/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'user-agent': IPHONE, 'x-forwarded-for': LONDON_IP, ...headers },
      body: JSON.stringify({ widgetKey, ...body }),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  it('records the visit: device, browser and OS from the user agent, country and city from the IP, referrer, landing page, UTM, and the page view', async () => {
    const client = await scene.f.client({ domains: ['example.test'] });
    const page = { url: `${ORIGIN}/offer?utm_source=newsletter&utm_medium=email&utm_campaign=winter&other=1`, title: 'Winter offer', referrer: 'https://search.example/?q=x' };
    const res = await session(client.widget_key, { page });
    expect(res.status).to.equal(200);
    const visitor = await scene.db.models.Visitor.findByPk(res.body.visitorId);
    expect(visitor).to.deep.include({ device: 'mobile', browser: 'Safari 17', os: 'iOS 17', country: 'GB', ip_address: LONDON_IP, total_visits: 1 });
    expect(visitor!.city).to.be.a('string').and.not.equal('');
    const visit = await scene.db.models.VisitorSession.findOne({ where: { session_key: res.body.sessionKey } });
    expect(visit).to.deep.include({ landing_page: page.url, referrer_url: page.referrer, current_page: page.url });
    expect(visit!.utm).to.deep.equal({ utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'winter' });
    const views = await scene.db.models.PageVisit.findAll({ where: { visitor_session_id: visit!.id } });
    expect(views.map((v) => [v.id, v.page_url, v.page_title])).to.deep.equal([[res.body.pageVisitId, page.url, 'Winter offer']]);
  });

  it('stores the first page title cleaned as the navigation frames store theirs (control characters to spaces, trimmed), and refuses a page that is no http(s) URL', async () => {
    const client = await scene.f.client({ domains: ['example.test'] });
    const res = await session(client.widget_key, { page: { url: `${ORIGIN}/a`, title: '  Sale\u0000\u0007now\n ' } });
    expect(res.status).to.equal(200);
    const view = await scene.db.models.PageVisit.findByPk(res.body.pageVisitId);
    expect(view!.page_title).to.equal('Sale now');
    const bad = await session(client.widget_key, { page: { url: 'javascript:alert(1)' } });
    expect(bad.status).to.equal(422);
    expect(bad.body.error.code).to.equal('invalid_input');
    expect(bad.body.error.message).to.contain('page.url');
  });

  it("answers the website's widget settings, every key filled with defaults where never set", async () => {
    const client = await scene.f.client({ name: 'Acme', domains: ['example.test'], logo: '/api/logos/acme.png', widget_settings: { ...DEFAULT_WIDGET_SETTINGS, color: '#aa0000', position: 'left', serviceTypes: ['Sales'], offlineTitle: undefined, sound: undefined, language: undefined, customFields: undefined, consent: undefined, rating: undefined, agentAvatars: undefined, whatsapp: undefined } });
    const { body } = await session(client.widget_key);
    expect(body.settings).to.deep.equal({
      title: 'Acme',
      color: '#aa0000',
      position: 'left',
      welcomeText: DEFAULT_WIDGET_SETTINGS.welcomeText,
      offlineTitle: 'All agents are offline',
      offlineText: DEFAULT_WIDGET_SETTINGS.offlineText,
      offlineThanks: "Thank you! We'll respond via email.",
      serviceTypes: ['Sales'],
      departments: [],
      logoUrl: '/api/logos/acme.png',
      sound: true,
      language: 'auto',
      leadRequired: { name: true, email: true, phone: false },
      customFields: [],
      consent: null,
      rating: true,
      agentAvatars: true,
      whatsapp: null,
      maxFileBytes: scene.install.config.files.maxBytes,
      fileTypes: scene.install.config.files.allowedTypes,
    });
    expect(body).to.not.have.property('client');
  });

  it('keeps one visit while the visitor is active and starts a new one after 30 idle minutes, counting total visits', async () => {
    const client = await scene.f.client({ domains: ['example.test'] });
    const first = await session(client.widget_key, { page: { url: `${ORIGIN}/a` } });
    const again = await session(client.widget_key, { visitorKey: first.body.visitorKey, sessionKey: first.body.sessionKey, page: { url: `${ORIGIN}/b` } });
    expect(again.body.sessionKey).to.equal(first.body.sessionKey);
    expect((await scene.db.models.Visitor.findByPk(first.body.visitorId))!.total_visits).to.equal(1);
    await scene.db.models.VisitorSession.update({ last_activity_at: new Date(Date.now() - 31 * 60_000) }, { where: { session_key: first.body.sessionKey } });
    const later = await session(client.widget_key, { visitorKey: first.body.visitorKey, sessionKey: first.body.sessionKey, page: { url: `${ORIGIN}/c` } });
    expect(later.body.visitorId).to.equal(first.body.visitorId);
    expect(later.body.sessionKey).to.not.equal(first.body.sessionKey);
    expect((await scene.db.models.Visitor.findByPk(first.body.visitorId))!.total_visits).to.equal(2);
    expect(await scene.db.models.VisitorSession.count({ where: { visitor_id: first.body.visitorId } })).to.equal(2);
  });

  it('gives a returning visitor their latest chat (even closed) and its agents, for the history', async () => {
    const client = await scene.f.client({ domains: ['example.test'] });
    const alex = await scene.f.user('agent', { pseudo_name: 'Alex' }, [client.id]);
    const first = await session(client.widget_key);
    expect([first.body.lastChat, first.body.openChat, first.body.agents, first.body.leadFormFilled]).to.deep.equal([null, null, [], false]);
    const chat = await scene.f.chat(client.id, first.body.visitorId, { status: 'closed', ended_at: new Date(), ended_by: 'agent' });
    await scene.db.models.ChatParticipant.create({ chat_id: chat.id, user_id: alex.id, joined_at: new Date() } as never);
    await scene.db.models.Visitor.update({ name: 'Vera', email: 'vera@example.test', phone: '+1 555 0100' }, { where: { id: first.body.visitorId } });
    const back = await session(client.widget_key, { visitorKey: first.body.visitorKey });
    expect(back.body.visitorId).to.equal(first.body.visitorId);
    expect(back.body.openChat).to.equal(null);
    expect(back.body.lastChat).to.include({ id: chat.id, status: 'closed' });
    expect(back.body.agents).to.deep.equal([{ id: alex.id, pseudoName: 'Alex', avatarUrl: null }]);
    expect(back.body.leadFormFilled).to.equal(true);
    expect(back.body.visitor).to.deep.equal({ name: 'Vera', email: 'vera@example.test', phone: '+1 555 0100' });
  });

  it('looks nothing up for private addresses, and refuses a page on another domain', async () => {
    const client = await scene.f.client({ domains: ['example.test'] });
    const local = await session(client.widget_key, {}, { 'x-forwarded-for': '10.1.2.3' });
    const visitor = await scene.db.models.Visitor.findByPk(local.body.visitorId);
    expect([visitor!.country, visitor!.city]).to.deep.equal([null, null]);
    const foreign = await session(client.widget_key, {}, { origin: 'https://evil.test' });
    expect(foreign.status).to.equal(403);
    expect(foreign.body.error.code).to.equal('origin_not_allowed');
  });
});
