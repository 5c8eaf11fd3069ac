import { expect } from 'chai';
import type { BrowserContext } from 'playwright-core';
import type { Installed } from '../../helpers/install.js';
import { startRedisCluster } from '../../helpers/cluster.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { withBrowser } from '../../helpers/browser.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { connectAgent } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import type { Database } from '../../../lib/db/index.js';
import { quietFor } from '../../helpers/wait.js';
import { eventually, hostSite, launcher, sitePage, watchPage } from './world.js';

const GRACE_SECONDS = 10;

/**
 * A visitor's presence across two `livechat start` processes on one MariaDB and one Redis: the
 * visitor's page talks to node A, the agent watches on node B. Closing the tab takes the visitor
 * offline on B within a minute (the loader's page-hide beacon plus the grace); a reload within
 * the grace does not.
 */
describe('widget: a visitor who closes the tab goes offline on every node (two nodes, Chromium)', function () {
  this.timeout(180_000);
  // With the back/forward cache on, as in a visitor's browser.
  const holder = withBrowser({ backForwardCache: true });
  let install: Installed;
  let db: Database;
  let urls: string[] = [];
  let stopNodes = async () => {};
  let site: Awaited<ReturnType<typeof hostSite>>;
  let context: BrowserContext | undefined;
  let agent: TestSocket;
  let api: ApiClient;
  let clientId: number;
  let widgetKey: string;

  before(async function () {
    ({ install, urls, stop: stopNodes } = await startRedisCluster(this, { chat: { visitorOfflineGraceSeconds: GRACE_SECONDS } }));
    db = install.open();
    const f = factories(db);
    site = await hostSite();
    site.page('/favicon.ico', () => '');
    const client = await f.client({ name: 'Two Nodes Shop', domains: [site.domain] });
    [clientId, widgetKey] = [client.id, client.widget_key];
    const user = await f.user('agent', { pseudo_name: 'Bea', status: 'online' }, [client.id]);
    api = await signedIn(urls[1], user.email, TEST_PASSWORD);
    agent = await connectAgent(urls[1], api.cookie!);
    await agent.request({ type: 'subscribe', channel: `visitors.${client.id}` });
    // The page's snippet points at node A only.
    site.page('/', () => sitePage(urls[0], widgetKey, 'Two nodes'));
    site.page('/elsewhere', () => '<!doctype html><title>Another site</title><p>Another site');
  });
  afterEach(() => context?.close());
  after(async () => {
    agent?.close();
    await site?.close();
    await db?.close();
    await stopNodes();
  });

  /** The visitor's latest session row, as every node reads it. */
  const sessionOf = async (visitorId: number) => (await db.models.VisitorSession.findOne({ where: { visitor_id: visitorId }, order: [['id', 'DESC']] }))!;
  /** Whether node B's Live visitors page lists the visitor. */
  const listedOnB = async (visitorId: number) => {
    const res = await api.get('/api/visitors/online');
    expect(res.status).to.equal(200);
    return (res.body.visitors as { visitorId: number }[]).some((v) => v.visitorId === visitorId);
  };

  async function visitorOnPage() {
    context = await holder.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = watchPage(await context.newPage());
    const started = page.waitForResponse((r) => r.url().endsWith('/api/widget/session'));
    await page.goto(site.origin + '/');
    const { visitorId } = await (await started).json();
    await launcher(page).waitFor();
    expect(await listedOnB(visitorId), 'listed on node B').to.equal(true);
    return { page, visitorId: visitorId as number };
  }

  it('stays online through a reload within the grace', async () => {
    const { page, visitorId } = await visitorOnPage();
    await page.reload();
    await launcher(page).waitFor();
    await quietFor((GRACE_SECONDS + 3) * 1000);
    expect((await sessionOf(visitorId)).is_online).to.equal(true);
    expect(await listedOnB(visitorId)).to.equal(true);
  });

  it('stays online when the visitor goes to another site and comes back with Back within the grace (the page from the back/forward cache)', async () => {
    const { page, visitorId } = await visitorOnPage();
    await page.evaluate(() => addEventListener('pageshow', (e) => ((window as unknown as { restored: boolean }).restored = e.persisted)));
    // Another origin (127.0.0.1 instead of localhost): the page is hidden, its beacon sent.
    await page.goto(`http://127.0.0.1:${site.port}/elsewhere`);
    await page.goBack({ waitUntil: 'commit' });
    await eventually(() => page.evaluate(() => (window as unknown as { restored?: boolean }).restored === true));
    await quietFor((GRACE_SECONDS + 3) * 1000);
    expect((await sessionOf(visitorId)).is_online).to.equal(true);
    expect(await listedOnB(visitorId)).to.equal(true);
  });

  it('is offline within a minute of closing the tab: told to the agent on node B, gone from its Live visitors page', async () => {
    const { page, visitorId } = await visitorOnPage();
    const offline = agent.event('visitor.presence', (e) => e.visitorId === visitorId && e.online === false, 60_000);
    const closedAt = Date.now();
    await page.close();
    const event = await offline;
    const seconds = (Date.now() - closedAt) / 1000;
    expect(event.clientId).to.equal(clientId);
    expect(seconds, 'seconds until offline').to.be.below(60);
    expect(seconds, 'not before the grace').to.be.at.least(GRACE_SECONDS - 1);
    expect((await sessionOf(visitorId)).is_online).to.equal(false);
    await eventually(async () => !(await listedOnB(visitorId)));
  });
});
