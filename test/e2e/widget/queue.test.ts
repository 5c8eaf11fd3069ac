import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { artifactPath, withBrowser } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/http.js';
import { connectAgent, connectVisitor } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { chatFrame, launcher, recordFailure, sitePage, watchPage, widgetWorld } from './world.js';

/**
 * A busy website routed round robin: its one agent is at their cap, so a visitor who starts a chat
 * (choosing a department in the pre-chat form) waits in the queue, behind another visitor. The real
 * widget in Chromium shows the place and the estimated wait, and counts down as the agent frees up.
 */
describe('widget: queue position counts down as an agent frees up (Chromium)', function () {
  this.timeout(120_000);
  const holder = withBrowser();
  const world = widgetWorld();
  let context: BrowserContext;
  let page: Page;
  const sockets: TestSocket[] = [];

  before(async () => {
    context = await holder.browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(20_000);
    page = watchPage(await context.newPage());
  });
  afterEach(function () {
    return recordFailure(this.currentTest, page);
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await context?.close();
  });

  it('shows the place in the queue and the estimated wait, then the agent', async () => {
    const { f, db, server, site } = world;
    const client = await f.client({ name: 'Busy Shop', domains: [site.domain, 'example.test'], routing_mode: 'round_robin' });
    const alex = await f.user('agent', { pseudo_name: 'Alex', status: 'online', max_chats: 1 }, [client.id]);
    await db.models.Department.create({ client_id: client.id, name: 'Billing' }).then((d) => db.models.DepartmentAgent.create({ department_id: d.id, user_id: alex.id }));
    // Alex is at his cap; recent chats were answered after 2 minutes.
    const earlier = await f.visitor(client.id);
    await f.chat(client.id, earlier.id, { status: 'closed', started_at: new Date(Date.now() - 600_000), first_response_at: new Date(Date.now() - 480_000) });
    const busyWith = await f.chat(client.id, earlier.id, { status: 'active', assigned_agent_id: alex.id });
    const api = await signedIn(server.baseUrl, alex.email, TEST_PASSWORD);
    const agent = await connectAgent(server.baseUrl, api.cookie!);
    sockets.push(agent);
    // Another visitor was first in the queue.
    const { socket: first } = await connectVisitor(server.baseUrl, client.widget_key);
    sockets.push(first);
    const ahead = await first.request({ type: 'chat.start', message: 'Me first' });
    await first.event('queue.position', (e) => e.chatId === ahead.chat.id);

    site.page('/queue', () => sitePage(server.baseUrl, client.widget_key, 'Busy shop'));
    await page.goto(`${site.origin}/queue`);
    await launcher(page).click();
    const app = chatFrame(page);
    await app.getByLabel('Name').fill('Quinn');
    await app.getByLabel('Email').fill('quinn@example.test');
    expect(await app.getByLabel('Department').locator('option').allTextContents()).to.deep.equal(['Choose a department', 'Billing']);
    await app.getByLabel('Department').selectOption({ label: 'Billing' });
    await app.getByLabel('Your message').fill('Where is my invoice?');
    await app.getByRole('button', { name: 'Start chat' }).click();
    const queue = app.locator('.queue');
    await queue.filter({ hasText: 'You are number 2 in the queue. Estimated wait: about 4 min.' }).waitFor();
    await page.screenshot({ path: artifactPath('widget-queue-desktop.png') });

    // Alex ends his chat: the first visitor gets him, this one moves up.
    expect((await agent.request({ type: 'chat.close', chatId: busyWith.id })).ok).to.equal(true);
    await queue.filter({ hasText: 'You are number 1 in the queue. Estimated wait: about 2 min.' }).waitFor();
    expect((await db.models.Chat.findByPk(ahead.chat.id))!.assigned_agent_id).to.equal(alex.id);

    // And that one: now it is this visitor's turn; the queue line goes away.
    expect((await agent.request({ type: 'chat.close', chatId: ahead.chat.id })).ok).to.equal(true);
    await queue.waitFor({ state: 'hidden' });
    const chat = await db.models.Chat.findOne({ where: { client_id: client.id, status: 'waiting' } });
    expect(chat!.assigned_agent_id).to.equal(alex.id);
    expect(chat!.department_id).to.not.equal(null);
  });
});
