import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { artifactPath, withBrowser } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/http.js';
import { connectAgent } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import type { Database } from '../../../lib/db/index.js';
import { chatFrame, eventually, hostSite, launcher, recordFailure, sitePage, watchPage } from './world.js';
import { letTimePass } from '../../helpers/wait.js';

/**
 * The widget with nobody online (offline mode), on a phone-sized screen, and what the loader
 * tracks while the visitor browses a single-page app.
 */
describe('widget: offline mode, phones, page tracking (Chromium)', function () {
  this.timeout(90_000);
  const holder = withBrowser();
  let install: Installed;
  let db: Database;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let site: Awaited<ReturnType<typeof hostSite>>;
  let f: ReturnType<typeof factories>;
  const sockets: TestSocket[] = [];
  let current: Page | undefined;

  before(async () => {
    install = await installFixture('sqlite');
    db = install.open();
    f = factories(db);
    site = await hostSite();
    server = await startTestServer(install);
  });
  afterEach(function () {
    return recordFailure(this.currentTest, current);
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await server?.close();
    await site?.close();
    await db?.close();
    await install?.cleanup();
  });

  /** An agent of the website, online, watching its visitors through the realtime API. */
  async function onlineAgent(clientId: number, pseudoName: string) {
    const user = await f.user('agent', { pseudo_name: pseudoName, status: 'online' }, [clientId]);
    const api = await signedIn(server.baseUrl, user.email, TEST_PASSWORD);
    const agent = await connectAgent(server.baseUrl, api.cookie!);
    sockets.push(agent);
    await agent.request({ type: 'subscribe', channel: `visitors.${clientId}` });
    return agent;
  }

  const newContext = (browser: Browser, mobile: boolean) =>
    browser.newContext(mobile ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport: { width: 1280, height: 800 } });

  it('with no agent online: "All agents are offline", the lead form asks for the message, and "we\'ll respond via email"', async () => {
    const client = await f.client({ name: 'Night Shop', domains: [site.domain] });
    await f.user('agent', { pseudo_name: 'Sleepy', status: 'offline' }, [client.id]);
    site.page('/night', () => sitePage(server.baseUrl, client.widget_key, 'Night shop'));
    const context = await newContext(holder.browser, false);
    context.setDefaultTimeout(20_000);
    const page = (current = watchPage(await context.newPage()));
    await page.goto(`${site.origin}/night`);
    await launcher(page).click();
    const app = chatFrame(page);
    await app.getByRole('button', { name: 'Send message' }).waitFor();
    expect(await app.locator('.head .status').textContent()).to.equal('All agents are offline');
    expect(await app.locator('.intro').textContent()).to.equal("All agents are offline. Leave a message and we'll respond via email.");
    await app.getByLabel('Name').fill('Olive');
    await app.getByLabel('Email').fill('olive@example.test');
    await app.getByLabel('Phone').fill('+1 555 0199');
    await app.getByRole('button', { name: 'Send message' }).click();
    expect(await app.locator('#lead-message-error').textContent()).to.equal('Your message is required.');
    await app.getByLabel('Your message').fill('Do you ship to Norway?');
    await app.getByRole('button', { name: 'Send message' }).click();
    await app.getByText("Thank you! We'll respond via email.").waitFor();
    const chat = await eventually(() => db.models.Chat.findOne({ where: { client_id: client.id } }));
    expect(chat.status).to.equal('offline');
    const messages = await db.models.Message.findAll({ where: { chat_id: chat.id } });
    expect(messages.map((m) => m.body)).to.include('Do you ship to Norway?');
    await page.screenshot({ path: artifactPath('widget-offline-1280x800.png') });
    await context.close();
  });

  it('opened while the chat app is still loading, the widget still takes what the visitor types next', async () => {
    const client = await f.client({ name: 'Slow Lane', domains: [site.domain] });
    await onlineAgent(client.id, 'Sal');
    site.page('/slow', () => sitePage(server.baseUrl, client.widget_key, 'Slow lane'));
    const context = await newContext(holder.browser, false);
    context.setDefaultTimeout(20_000);
    const page = (current = watchPage(await context.newPage()));
    // The app's page arrives only after the visitor has clicked the launcher (a slow network).
    let release!: () => void;
    const clicked = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/widget/app/?*', async (route) => {
      await clicked;
      await letTimePass(300); // a slow network
      await route.continue();
    });
    await page.goto(`${site.origin}/slow`);
    await launcher(page).waitFor();
    // A chat going on: after the reload the loader loads the app at once, hidden, and the click
    // comes while it is still loading.
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('livechat.visitor')!));
    const visitor = await db.models.Visitor.findOne({ where: { visitor_key: saved.v } });
    await f.chat(client.id, visitor!.id, { status: 'waiting' });
    await page.reload();
    await launcher(page).click();
    release();
    const app = chatFrame(page);
    await app.getByLabel('Name').waitFor();
    // No click into the form: the keyboard goes where the widget put the cursor.
    await page.waitForFunction(() => document.hasFocus());
    await app.locator('#lead-name:focus').waitFor();
    await page.keyboard.type('Bo');
    expect(await app.getByLabel('Name').inputValue()).to.equal('Bo');
    await context.close();
  });

  it('on a 390x844 phone: the chat fills the screen, controls are at least 44 px, the picker takes camera pictures', async () => {
    const client = await f.client({ name: 'Pocket Store', domains: [site.domain] });
    const agent = await onlineAgent(client.id, 'Mia');
    site.page('/pocket', () => sitePage(server.baseUrl, client.widget_key, 'Pocket store'));
    const context = await newContext(holder.browser, true);
    context.setDefaultTimeout(20_000);
    const page = (current = watchPage(await context.newPage()));
    await page.goto(`${site.origin}/pocket`);
    await launcher(page).tap();
    const app = chatFrame(page);
    await app.getByLabel('Name').fill('Pat');
    await app.getByLabel('Email').fill('pat@example.test');
    await app.getByLabel('Phone').fill('+1 555 0142');
    await app.getByLabel('Your message').fill('Hi from my phone');
    await app.getByRole('button', { name: 'Start chat' }).tap();
    const created = await agent.event('chat.created', () => true, 10_000);
    await agent.request({ type: 'chat.join', chatId: created.chat.id });
    await agent.request({ type: 'message.send', chatId: created.chat.id, clientMsgId: crypto.randomUUID(), body: 'Hi Pat, how can I help?' });
    await app.locator('li.msg.theirs').waitFor();

    const frameBox = await page.locator('[data-livechat] iframe').boundingBox();
    expect(frameBox).to.deep.include({ x: 0, y: 0, width: 390, height: 844 });
    expect(await launcher(page).isHidden()).to.equal(true);
    for (const name of ['Minimize chat', 'Chat options', 'Send', 'Attach a file (PDF, DOC, DOCX, JPG, PNG)', 'Sound on']) {
      const box = await app.getByRole('button', { name, exact: true }).boundingBox();
      expect(box!.width, name).to.be.at.least(44);
      expect(box!.height, name).to.be.at.least(44);
    }
    const accept = (await app.locator('input[type=file]').getAttribute('accept'))!.split(',');
    expect(accept).to.include.members(['.pdf', '.doc', '.docx', '.jpg', '.jpeg', '.png', 'image/jpeg', 'image/png']);
    await page.screenshot({ path: artifactPath('widget-chat-390x844.png') });

    // A touch where the visitor sees the "×" (its box, checked above): Playwright's own tap() was
    // refused in some full CI runs by a hit check that placed the header's title over the button
    // while the screenshot shows the button there; the launcher coming back is what proves it.
    const close = (await app.getByRole('button', { name: 'Minimize chat' }).boundingBox())!;
    await page.touchscreen.tap(close.x + close.width / 2, close.y + close.height / 2);
    await launcher(page).waitFor();
    await context.close();
  });

  it('shows the messages of a chat already going on above the lead form while the visitor fills it in', async function () {
    // Known flake, cause open (see issue 4's note of 2026-12-02): in some full runs the Name field
    // reads back empty right after it was filled. The frame is not reloaded (the page journal shows
    // it); as in the widget's "server goes away" test, the input seems not to reach the frame. The
    // test is self-contained (its own website, browser context and chat), so a second try is safe.
    this.retries(1);
    const client = await f.client({ name: 'Early Bird', domains: [site.domain] });
    const agent = await onlineAgent(client.id, 'Robin');
    site.page('/early', () => sitePage(server.baseUrl, client.widget_key, 'Early bird'));
    const context = await newContext(holder.browser, false);
    context.setDefaultTimeout(20_000);
    const page = (current = watchPage(await context.newPage()));
    await page.goto(`${site.origin}/early`);
    await launcher(page).waitFor();
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('livechat.visitor')!));
    const visitor = await db.models.Visitor.findOne({ where: { visitor_key: saved.v } });
    // A chat the visitor has not started through the form (say, opened for them by an agent).
    const chat = await f.chat(client.id, visitor!.id, { status: 'waiting' });
    await agent.request({ type: 'chat.join', chatId: chat.id });
    await agent.request({ type: 'message.send', chatId: chat.id, clientMsgId: crypto.randomUUID(), body: 'Can I help you choose?' });
    await page.reload();
    await launcher(page).click();
    const app = chatFrame(page);
    await app.getByRole('button', { name: 'Start chat' }).waitFor();
    await app.locator('li.msg.theirs', { hasText: 'Can I help you choose?' }).waitFor();
    await app.getByLabel('Name').click();
    await app.getByLabel('Name').fill('Bo');
    await app.getByLabel('Email').fill('bo@example.test');
    await app.getByLabel('Phone').fill('+1 555 0111');
    await app.getByLabel('Your message').fill('Yes please');
    const marker = await app.locator('body').evaluate((b) => ((b as any).__loadedAt ??= performance.timeOrigin));
    expect(await app.getByLabel('Name').inputValue()).to.equal('Bo');
    await app.getByRole('button', { name: 'Start chat' }).click();
    await app
      .locator('li.msg.mine[data-status="sent"]', { hasText: 'Yes please' })
      .waitFor()
      .catch(async (err) => {
        // What the visitor saw, to tell a refused start from a lost event (and whether the frame was reloaded).
        console.log(await app.locator('body').innerText(), 'same document:', marker === (await app.locator('body').evaluate((b) => (b as any).__loadedAt)));
        throw err;
      });
    // The form joined the chat going on rather than opening another.
    expect(await db.models.Chat.count({ where: { visitor_id: visitor!.id } })).to.equal(1);
    expect((await chat.reload()).lead_form_filled).to.equal(true);
    await context.close();
  });

  it("shows an agent's proactive greeting (Start chat on the live visitors page) as a toast, then in the chat", async () => {
    const client = await f.client({ name: 'Greeter', domains: [site.domain] });
    const user = await f.user('agent', { pseudo_name: 'Gwen', status: 'online' }, [client.id]);
    const api = await signedIn(server.baseUrl, user.email, TEST_PASSWORD);
    site.page('/greet', () => sitePage(server.baseUrl, client.widget_key, 'Greeter'));
    const context = await newContext(holder.browser, false);
    context.setDefaultTimeout(20_000);
    const page = (current = watchPage(await context.newPage()));
    await page.goto(`${site.origin}/greet`);
    await launcher(page).click();
    const app = chatFrame(page);
    await app.getByLabel('Name').waitFor();
    await page.evaluate(() => (window as unknown as { Livechat: { close(): void } }).Livechat.close());
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('livechat.visitor')!));
    const visitor = (await db.models.Visitor.findOne({ where: { visitor_key: saved.v } }))!;

    const res = await api.post(`/api/visitors/${visitor.id}/chat`, { body: 'Hi! Looking for a size guide?' });
    expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 201]);
    const toast = page.locator('[data-livechat] .t');
    await toast.waitFor();
    expect(await toast.locator('b').textContent()).to.equal('Gwen');
    expect(await toast.locator('span').textContent()).to.equal('Hi! Looking for a size guide?');
    await toast.click();
    await app.locator('li.msg.theirs', { hasText: 'Hi! Looking for a size guide?' }).waitFor();
    await context.close();
  });

  it('tracks page views, single-page-app navigation and time on page, live to the agents', async () => {
    const client = await f.client({ name: 'Spa Co', domains: [site.domain] });
    const agent = await onlineAgent(client.id, 'Lee');
    const nav = `<button id="go" onclick="history.pushState({}, '', '/spa/pricing'); document.title='Pricing'">Pricing</button>`;
    site.page('/spa', () => sitePage(server.baseUrl, client.widget_key, 'Spa home', nav));
    site.page('/spa/pricing', () => sitePage(server.baseUrl, client.widget_key, 'Pricing'));
    site.page('/elsewhere', () => '<!doctype html><title>Elsewhere</title><p>no widget here</p>');
    const context = await newContext(holder.browser, false);
    const page = (current = watchPage(await context.newPage()));
    await page.goto(`${site.origin}/spa`, { referer: 'https://search.example/?q=spa' });
    await launcher(page).waitFor();
    const landing = await agent.event('visitor.page', (e) => e.url === `${site.origin}/spa`, 10_000);
    await page.waitForTimeout(1200);
    await page.click('#go');
    const moved = await agent.event('visitor.page', (e) => e.url === `${site.origin}/spa/pricing`, 10_000);
    expect(moved).to.include({ visitorId: landing.visitorId, title: 'Pricing' });
    await page.waitForTimeout(1200);
    await page.goBack();
    await agent.event('visitor.page', (e) => e.url === `${site.origin}/spa` && e !== landing, 10_000);
    await page.waitForTimeout(1200);
    await page.goto(`${site.origin}/elsewhere`);

    const session = await db.models.VisitorSession.findOne({ where: { visitor_id: landing.visitorId } });
    expect(session!.landing_page).to.equal(`${site.origin}/spa`);
    expect(session!.referrer_url).to.equal('https://search.example/?q=spa');
    const visits = await eventually(async () => {
      const rows = await db.models.PageVisit.findAll({ where: { visitor_session_id: session!.id }, order: [['id', 'ASC']] });
      return rows.length === 3 && rows.every((r) => r.time_spent > 0) && rows;
    });
    expect(visits.map((v) => v.page_url)).to.deep.equal([`${site.origin}/spa`, `${site.origin}/spa/pricing`, `${site.origin}/spa`]);
    expect(visits[0].time_spent).to.be.at.least(1);
    const visitor = await db.models.Visitor.findByPk(landing.visitorId);
    expect(visitor!.total_visits).to.equal(1);
    expect(visitor!.device).to.equal('desktop');
    await context.close();
  });
});
