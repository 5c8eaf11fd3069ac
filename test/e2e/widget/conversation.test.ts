import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { artifactPath, withBrowser } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/http.js';
import { connectAgent } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import * as samples from '../../fixtures/files/samples.js';
import type { Database } from '../../../lib/db/index.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../../lib/domain/schemas.js';
import { chatFrame, eventually, hostSite, launcher, recordFailure, sitePage, watchPage } from './world.js';
import { letTimePass } from '../../helpers/wait.js';

const XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

/**
 * A visitor on a customer's website (another origin) talks with an agent through the real widget
 * in Chromium: the agent side is driven through the realtime API. One conversation, in order.
 */
describe('widget: a visitor chats with an agent (Chromium)', function () {
  this.timeout(120_000);
  const holder = withBrowser();
  let install: Installed;
  let db: Database;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  /** The port of a server a test closed and has not started again (0: it is up). */
  let serverDown = 0;
  let site: Awaited<ReturnType<typeof hostSite>>;
  let context: BrowserContext;
  let page: Page;
  let agent: TestSocket;
  let client: Awaited<ReturnType<ReturnType<typeof factories>['client']>>;
  let chatId: number;

  before(async () => {
    install = await installFixture('sqlite');
    db = install.open();
    const f = factories(db);
    site = await hostSite();
    server = await startTestServer(install);
    client = await f.client({ name: 'Acme Plumbing', domains: [site.domain], widget_settings: { ...DEFAULT_WIDGET_SETTINGS, serviceTypes: ['Repairs', 'Installation'], color: '#0a7d4f' } });
    const alex = await f.user('agent', { pseudo_name: 'Alex', status: 'online' }, [client.id]);
    const api = await signedIn(server.baseUrl, alex.email, TEST_PASSWORD);
    agent = await connectAgent(server.baseUrl, api.cookie!);
    await agent.request({ type: 'subscribe', channel: `visitors.${client.id}` });
    site.page('/', () => sitePage(server.baseUrl, client.widget_key, 'Acme home', `<script>(window.Livechat=window.Livechat||function(){(Livechat.q=Livechat.q||[]).push(arguments)});Livechat('identify',{name:${JSON.stringify(XSS).replace(/</g, '\\u003c')}});window.__unread=[];Livechat('on','unread',function(n){window.__unread.push(n)})</script>`));
    context = await holder.browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(20_000);
    page = watchPage(await context.newPage());
    page.on('pageerror', (err) => console.error('page error:', err));
    if (process.env.WIDGET_TEST_CONSOLE) page.on('console', (m) => console.log('console:', m.text()));
  });
  afterEach(function () {
    return recordFailure(this.currentTest, page);
  });
  after(async () => {
    agent?.close();
    await context?.close();
    await server?.close();
    await site?.close();
    await db?.close();
    await install?.cleanup();
  });

  it('draws the launcher on the host page without loading the chat app until it is opened', async () => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${site.origin}/?utm_source=newsletter&utm_campaign=dec`);
    await launcher(page).waitFor();
    expect(await launcher(page).getAttribute('aria-label')).to.equal('Open chat');
    // The host page's aggressive CSS (button{all:unset}, red everything) does not reach the launcher.
    expect(await launcher(page).evaluate((el) => getComputedStyle(el).backgroundColor)).to.equal('rgb(10, 125, 79)');
    expect(requests.some((u) => u.includes('/widget/app/'))).to.equal(false);
    // The visitor's key lives in the host site's own storage, for a year.
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('livechat.visitor') ?? 'null'));
    expect(saved.v).to.match(/^[0-9a-f-]{36}$/);
    expect(saved.x - Date.now()).to.be.within(364 * 86400_000, 366 * 86400_000);
    const visitor = await db.models.Visitor.findOne({ where: { visitor_key: saved.v } });
    expect(visitor!.browser).to.match(/^Chrom/);
    const session = await db.models.VisitorSession.findOne({ where: { visitor_id: visitor!.id } });
    expect(session!.utm).to.deep.equal({ utm_source: 'newsletter', utm_campaign: 'dec' });
  });

  it('opens to the lead form, says what is wrong with each field, and prefills what identify() gave, as text', async () => {
    await launcher(page).click();
    const app = chatFrame(page);
    await app.getByRole('button', { name: 'Start chat' }).waitFor();
    expect(await app.locator('.head h1').textContent()).to.equal('Acme Plumbing');
    expect(await app.getByLabel('Name').inputValue()).to.equal(XSS);
    await app.getByLabel('Name').fill('');
    await app.getByRole('button', { name: 'Start chat' }).click();
    expect(await app.locator('#lead-name-error').textContent()).to.equal('Name is required.');
    expect(await app.locator('#lead-email-error').textContent()).to.equal('Email is required.');
    expect(await app.locator('#lead-phone-error').isHidden(), 'the phone is optional by default').to.equal(true);
    expect(await app.getByLabel('Name').evaluate((el) => el === document.activeElement)).to.equal(true);
    await app.getByLabel('Name').fill(XSS);
    await app.getByLabel('Email').fill('eve@');
    await app.getByLabel('Phone').fill('call me');
    await app.getByRole('button', { name: 'Start chat' }).click();
    expect(await app.locator('#lead-email-error').textContent()).to.equal('Enter an email address such as name@example.com.');
    expect(await app.locator('#lead-phone-error').textContent()).to.match(/^Enter a phone number/);
    expect(await app.locator('#lead-name-error').isHidden()).to.equal(true);
    expect(await app.getByLabel('Service type').locator('option').allTextContents()).to.deep.equal(['Choose a service', 'Repairs', 'Installation']);
  });

  it('starts the chat: the agents are told, the first message is acked (a check)', async () => {
    const app = chatFrame(page);
    await app.getByLabel('Email').fill('eve@example.test');
    await app.getByLabel('Phone').fill('+44 20 7946 0000');
    await app.getByLabel('Service type').selectOption('Repairs');
    await app.getByLabel('Your message').fill(`My sink leaks ${XSS} see https://example.test/photo`);
    await app.getByRole('button', { name: 'Start chat' }).click();
    const created = await agent.event('chat.created', () => true, 10_000);
    chatId = created.chat.id;
    expect(created.visitor.name).to.equal(XSS);
    const mine = app.locator('li.msg.mine').first();
    await mine.and(app.locator('[data-status="sent"]')).waitFor();
    expect(await mine.locator('.text').textContent()).to.equal(`My sink leaks ${XSS} see https://example.test/photo`);
    expect(await mine.locator('.text a').getAttribute('href')).to.equal('https://example.test/photo');
    expect(await mine.getByRole('img', { name: 'Sent' }).count()).to.equal(1);
    expect(await page.evaluate(() => (window as any).__pwned)).to.equal(undefined);
    const chat = await db.models.Chat.findByPk(chatId);
    expect(chat!.service_type).to.equal('Repairs');
    // The lead form is gone; the composer is there.
    await app.getByLabel('Message', { exact: true }).waitFor();
  });

  it("shows the agent's reply with pseudo name and avatar, typing first, and a double check once the agent has read", async () => {
    const app = chatFrame(page);
    await agent.request({ type: 'chat.join', chatId });
    agent.send({ type: 'typing', chatId, isTyping: true });
    await app.getByText('Alex is typing…').waitFor();
    const reply = await agent.request({ type: 'message.send', chatId, clientMsgId: crypto.randomUUID(), body: `Hello! ${XSS}` });
    expect(reply.ok).to.equal(true);
    const theirs = app.locator('li.msg.theirs').last();
    await theirs.waitFor();
    expect(await theirs.locator('.who').textContent()).to.equal('Alex');
    expect(await theirs.locator('.avatar').textContent()).to.equal('A');
    expect(await theirs.locator('.text').textContent()).to.equal(`Hello! ${XSS}`);
    expect(await app.getByText('Alex is typing…').count()).to.equal(0);
    const first = await db.models.Message.findOne({ where: { chat_id: chatId, sender_type: 'visitor' } });
    await agent.request({ type: 'read', chatId, seq: first!.seq });
    await app.locator('li.msg.mine[data-status="read"]').first().waitFor();
    expect(await app.locator('li.msg.mine').first().getByRole('img', { name: 'Read' }).count()).to.equal(1);
    // The visitor had the chat open: the agent's message is read on their side too.
    await eventually(async () => (await db.models.Message.findOne({ where: { id: reply.id } }))!.is_read);
    expect(await page.evaluate(() => (window as any).__pwned)).to.equal(undefined);
    await page.screenshot({ path: artifactPath('widget-chat-1280x800.png') });
  });

  it('minimized: a proactive toast above the launcher, an unread badge, and the on("unread") callback', async () => {
    const app = chatFrame(page);
    await app.getByRole('button', { name: 'Minimize chat' }).click();
    await page.locator('[data-livechat] iframe').waitFor({ state: 'hidden' });
    await agent.request({ type: 'message.send', chatId, clientMsgId: crypto.randomUUID(), body: 'Are you still there?' });
    const toast = page.locator('[data-livechat] .t');
    await toast.waitFor();
    expect(await toast.locator('b').textContent()).to.equal('Alex');
    expect(await toast.locator('span').textContent()).to.equal('Are you still there?');
    expect(await page.locator('[data-livechat] .b').textContent()).to.equal('1');
    expect(await launcher(page).getAttribute('aria-label')).to.equal('Open chat, 1 unread');
    expect(await page.evaluate(() => (window as any).__unread)).to.include(1);
    await toast.click();
    await page.locator('[data-livechat] iframe').waitFor();
    await eventually(async () => (await page.locator('[data-livechat] .b').isHidden()) || null);
    expect((await page.evaluate(() => (window as any).__unread)).at(-1)).to.equal(0);
  });

  it('after a reload, the returning visitor sees the whole history', async () => {
    await page.reload();
    await launcher(page).click();
    const app = chatFrame(page);
    await app.locator('li.msg.theirs').nth(1).waitFor();
    expect(await app.locator('li.msg .text').allTextContents()).to.deep.equal([
      `My sink leaks ${XSS} see https://example.test/photo`,
      `Hello! ${XSS}`,
      'Are you still there?',
    ]);
    expect(await app.locator('li.msg.mine').first().getAttribute('data-status')).to.equal('read');
    // Greeted once, by name: the welcome text's own "Hi!" gives way to it.
    expect(await app.locator('.intro').textContent()).to.equal(`Hi ${XSS}! How can we help you today?`);
    expect(await page.evaluate(() => (window as any).__pwned)).to.equal(undefined);
  });

  it("an agent's internal note, which the visitor never gets, does not hold back the agent's next message", async () => {
    const app = chatFrame(page);
    const note = await agent.request({ type: 'message.send', chatId, clientMsgId: crypto.randomUUID(), body: 'Note: check the warranty first', internal: true });
    expect(note.ok).to.equal(true);
    await agent.request({ type: 'message.send', chatId, clientMsgId: crypto.randomUUID(), body: 'A plumber can come tomorrow.' });
    // The widget holds seqs in order: the note's seq is a gap it must not wait on.
    await app.getByText('A plumber can come tomorrow.').waitFor({ timeout: 5000 });
    expect(await app.getByText('Note: check the warranty first').count()).to.equal(0);
  });

  it('uploads a PDF with a progress bar into an attachment bubble, and refuses a program renamed .pdf', async () => {
    const app = chatFrame(page);
    const picker = app.locator('input[type=file]');
    expect(await picker.getAttribute('accept')).to.include('.pdf').and.include('image/jpeg');
    // The server's answer is held back a moment, so that the bar can be seen while the upload is on its way.
    await context.route('**/api/widget/chats/*/files', async (route) => {
      await letTimePass(1500);
      await route.continue();
    });
    await picker.setInputFiles({ name: 'quote.pdf', mimeType: 'application/pdf', buffer: samples.pdf() });
    const bubble = app.locator('li.msg.mine', { hasText: 'quote.pdf' });
    await bubble.getByRole('progressbar').waitFor();
    expect(await bubble.getAttribute('data-status')).to.equal('sending');
    await bubble.getByRole('button', { name: 'Download' }).waitFor();
    await context.unroute('**/api/widget/chats/*/files');
    expect(await bubble.getAttribute('data-status')).to.equal('sent');
    expect(await bubble.getByRole('progressbar').count()).to.equal(0);
    const stored = await db.models.Message.findOne({ where: { chat_id: chatId, message_type: 'file' } });
    expect(stored!.file_type).to.equal('application/pdf');
    const download = page.waitForEvent('download');
    await bubble.getByRole('button', { name: 'Download' }).click();
    expect((await download).suggestedFilename()).to.equal('quote.pdf');

    await picker.setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: samples.exe() });
    const refused = app.locator('li.msg.mine', { hasText: 'invoice.pdf' });
    await refused.locator('[data-status="failed"], .error').first().waitFor();
    expect(await refused.getAttribute('data-status')).to.equal('failed');
    expect(await refused.locator('.error').textContent()).to.match(/content/);
    expect(await db.models.Message.count({ where: { chat_id: chatId, message_type: 'file' } })).to.equal(1);
  });

  it('checks the size before uploading', async () => {
    const app = chatFrame(page);
    const big = Buffer.alloc(install.config.files.maxBytes + 1, 0x20);
    await app.locator('input[type=file]').setInputFiles({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: big });
    const refused = app.locator('li.msg.mine', { hasText: 'huge.pdf' });
    await refused.locator('.error').waitFor();
    expect(await refused.locator('.error').textContent()).to.match(/^This file is .* MB; files can be .* at most\.$/);
  });

  it('shows "File expired" for a file past its retention', async () => {
    await db.models.Message.update({ file_deleted_at: new Date() }, { where: { chat_id: chatId, message_type: 'file' } });
    await page.reload();
    await launcher(page).click();
    const bubble = chatFrame(page).locator('li.msg.mine', { hasText: 'quote.pdf' });
    await bubble.getByText('File expired').waitFor();
    expect(await bubble.getByRole('button', { name: 'Download' }).count()).to.equal(0);
  });

  it('when the server goes away: "Reconnecting…", a message typed meanwhile waits with its clock and is sent once back', async function () {
    // Known flake under CPU starvation (issue 4's note of 2026-12-02): now and then no input at all
    // (clicks, keys) reaches the chat frame after the page reload of the previous test, although
    // it is shown, focused and scripted normally; the journal printed on failure tells. One retry,
    // on a freshly loaded page with the server up again.
    this.retries(1);
    // Mocha's types keep currentRetry() protected; it is public at run time.
    const attempt = (this.test as unknown as { currentRetry(): number }).currentRetry();
    if (attempt) {
      if (serverDown) server = await startTestServer(install, serverDown);
      serverDown = 0;
      await page.reload();
      await launcher(page).click();
    }
    const text = `Typed while you were away${attempt ? ' (again)' : ''}`;
    const app = chatFrame(page);
    await app.getByLabel('Message', { exact: true }).waitFor();
    const port = server.port;
    await server.close();
    serverDown = port;
    await app.getByText('Reconnecting…').waitFor({ timeout: 15_000 });
    // As a visitor would: click into the field, then type. (Typing without the click, right after
    // the frame was reloaded, was lost now and then: no input event reached the frame at all.)
    await app.getByLabel('Message', { exact: true }).click();
    await app.getByLabel('Message', { exact: true }).fill(text);
    await app.getByLabel('Message', { exact: true }).press('Enter');
    const pending = app.locator('li.msg.mine', { hasText: text });
    await pending.waitFor();
    expect(await pending.getAttribute('data-status')).to.equal('sending');
    expect(await pending.getByRole('img', { name: 'Sending' }).count()).to.equal(1);
    server = await startTestServer(install, port);
    serverDown = 0;
    await app.locator('li.msg.mine[data-status="sent"]', { hasText: text }).waitFor({ timeout: 30_000 });
    expect(await app.getByText('Reconnecting…').isHidden()).to.equal(true);
    const rows = await db.models.Message.findAll({ where: { chat_id: chatId, body: text } });
    expect(rows).to.have.length(1);
  });

  it('ends the chat and takes a 1-5 star rating with a comment, keyboard only', async () => {
    const app = chatFrame(page);
    await app.getByRole('button', { name: 'Chat options' }).click();
    await app.getByRole('menuitem', { name: 'End chat' }).click();
    await app.getByRole('alertdialog').getByRole('button', { name: 'End chat' }).click();
    await app.getByRole('group', { name: 'How was your chat?' }).waitFor();
    await app.getByRole('radio', { name: '4 stars' }).focus();
    await page.keyboard.press('Space');
    await app.getByLabel('Comment').fill('Quick and kind');
    await app.getByRole('button', { name: 'Send rating' }).click();
    await app.getByText('Thank you for your feedback!').waitFor();
    const chat = await db.models.Chat.findByPk(chatId);
    expect(chat!.status).to.equal('closed');
    expect(chat!.ended_by).to.equal('visitor');
    expect([chat!.rating, chat!.rating_comment]).to.deep.equal([4, 'Quick and kind']);
  });
});
