import { expect } from 'chai';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { artifactPath, withBrowser } from '../../helpers/browser.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../../lib/domain/schemas.js';
import { chatFrame, eventually, launcher, recordFailure, sitePage, watchPage, widgetWorld } from './world.js';

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

/**
 * What a visitor meets on a first visit, on a customer's website of another origin, in Chromium:
 * a clean console, a lead form that fits the screen, one greeting, a "×" that closes, End chat in
 * a menu, and short lines typed quickly that all arrive although the server holds some back.
 */
describe('widget: a first visit (Chromium)', function () {
  this.timeout(120_000);
  const holder = withBrowser();
  const world = widgetWorld();
  let current: Page | undefined;

  before(() => {
    // The host page's own favicon request would be the host's console line, not the widget's.
    world.site.page('/favicon.ico', () => '');
  });
  afterEach(function () {
    return recordFailure(this.currentTest, current);
  });

  /** A website with an agent online, its page on the host site, and a visitor's page on it at a size. */
  async function visit(browser: Browser, size: keyof typeof SIZES, settings: Record<string, unknown> = {}) {
    const client = await world.f.client({ name: 'Maria\'s Bakery', domains: [world.site.domain], widget_settings: { ...DEFAULT_WIDGET_SETTINGS, ...settings } });
    await world.f.user('agent', { pseudo_name: 'Alex', status: 'online' }, [client.id]);
    const path = `/shop${client.id}`;
    world.site.page(path, () => sitePage(world.server.baseUrl, client.widget_key, 'Bakery'));
    const context = await browser.newContext(size === 'phone' ? { viewport: SIZES.phone, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport: SIZES.desktop });
    context.setDefaultTimeout(20_000);
    const page = (current = watchPage(await context.newPage()));
    const console: ConsoleMessage[] = [];
    page.on('console', (m) => console.push(m));
    await page.goto(`${world.site.origin}${path}`);
    return { client, context, page, console, app: chatFrame(page) };
  }

  it('opens for the first time without a line in the host page\'s console', async () => {
    const { page, console, app, context } = await visit(holder.browser, 'desktop');
    await launcher(page).click();
    await app.getByRole('button', { name: 'Start chat' }).waitFor();
    await app.getByLabel('Name').fill('Maria');
    // Closed and opened again: every message between the page and the app.
    await app.getByRole('button', { name: 'Minimize chat' }).click();
    await launcher(page).click();
    await app.getByLabel('Name').waitFor();
    const lines = console.map((m) => `${m.type()}: ${m.text()} (${m.location().url})`);
    expect(lines, 'the host page\'s console').to.deep.equal([]);
    await context.close();
  });

  for (const size of ['desktop', 'phone'] as const) {
    it(`fits the lead form on the screen without scrolling at ${SIZES[size].width}x${SIZES[size].height}, "Start chat" in view`, async () => {
      // With service types: the longest the form gets.
      const { page, app, context } = await visit(holder.browser, size, { serviceTypes: ['Bread', 'Cakes'] });
      await launcher(page).click();
      const start = app.getByRole('button', { name: 'Start chat' });
      await start.waitFor();
      const frame = (await page.locator('[data-livechat] iframe').boundingBox())!;
      const button = (await start.boundingBox())!;
      expect(button.y + button.height, '"Start chat" above the frame\'s bottom').to.be.at.most(frame.y + frame.height);
      expect(button.y + button.height, '"Start chat" above the fold').to.be.at.most(SIZES[size].height);
      const form = await app.locator('.bottom').evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
      expect(form.scroll, 'the form does not scroll').to.be.at.most(form.client);
      // What is above the form is the welcome line, not an empty grey area.
      const middle = (await app.locator('.middle').boundingBox())!;
      const intro = (await app.locator('.intro').boundingBox())!;
      expect(middle.height - intro.height, 'empty space above the form').to.be.below(40);
      expect(await app.getByLabel('Phone').getAttribute('aria-required'), 'the phone is optional by default').to.equal(null);
      await page.screenshot({ path: artifactPath(`widget-lead-${SIZES[size].width}x${SIZES[size].height}.png`) });
      await context.close();
    });
  }

  it('asks for the phone where the website requires it, and says which fields are optional', async () => {
    const { page, app, context } = await visit(holder.browser, 'desktop', { leadRequired: { name: true, email: false, phone: true } });
    await launcher(page).click();
    await app.getByRole('button', { name: 'Start chat' }).click();
    expect(await app.locator('#lead-phone-error').textContent()).to.equal('Phone is required.');
    expect(await app.locator('#lead-email-error').isHidden()).to.equal(true);
    expect(await app.locator('label[for=lead-email]').textContent()).to.equal('Email (optional)');
    await context.close();
  });

  describe('a chat', () => {
    let page: Page;
    let app: ReturnType<typeof chatFrame>;
    let chatId: number;
    let context: Awaited<ReturnType<Browser['newContext']>>;
    before(async () => {
      ({ page, app, context } = await visit(holder.browser, 'desktop'));
    });
    after(() => context?.close());

    it('greets the visitor by name once after the lead form ("Hi Maria! How can we help you today?")', async () => {
      await launcher(page).click();
      await app.getByLabel('Name').fill('Maria');
      await app.getByLabel('Email').fill('maria@example.test');
      await app.getByLabel('Your message').fill('Do you bake on Sundays?');
      await app.getByRole('button', { name: 'Start chat' }).click();
      await app.getByLabel('Message', { exact: true }).waitFor();
      expect(await app.locator('.intro').textContent()).to.equal('Hi Maria! How can we help you today?');
      const chat = await eventually(() => world.db.models.Chat.findOne({ order: [['id', 'DESC']] }));
      chatId = chat.id;
      // And after a reload, from the stored name.
      await page.reload();
      await launcher(page).click();
      await app.locator('li.msg.mine').first().waitFor();
      expect(await app.locator('.intro').textContent()).to.equal('Hi Maria! How can we help you today?');
      await page.screenshot({ path: artifactPath('widget-chat-1280x800.png') });
    });

    it('sends 15 lines typed quickly: all arrive, in order; those over the burst wait as pending and go by themselves', async () => {
      const refused: string[] = [];
      page.on('websocket', (ws) => ws.on('framereceived', (f) => String(f.payload).includes('"rate_limited"') && refused.push(String(f.payload))));
      // The socket opened before the listener: open a fresh one.
      await page.reload();
      await launcher(page).click();
      const box = app.getByLabel('Message', { exact: true });
      await box.waitFor();
      const lines = Array.from({ length: 15 }, (_, i) => `line ${i + 1}`);
      for (const line of lines) {
        await box.fill(line);
        await box.press('Enter');
      }
      await eventually(async () => refused.length > 0, 10_000);
      expect(await app.locator('li.msg.mine[data-status="sending"]').count(), 'held back, shown as pending').to.be.above(0);
      expect(await app.locator('li.msg.mine[data-status="failed"]').count(), 'none failed').to.equal(0);
      // The default bucket: 10 at once, then one every 2 s.
      await eventually(async () => (await world.db.models.Message.count({ where: { chat_id: chatId, sender_type: 'visitor' } })) >= 16, 30_000);
      const bodies = (await world.db.models.Message.findAll({ where: { chat_id: chatId, sender_type: 'visitor' }, order: [['seq', 'ASC']] })).map((m) => m.body);
      expect(bodies).to.deep.equal(['Do you bake on Sundays?', ...lines]);
      await app.locator('li.msg.mine[data-status="sending"]').first().waitFor({ state: 'detached' });
      expect(await app.locator('li.msg.mine .text').allTextContents()).to.deep.equal(['Do you bake on Sundays?', ...lines]);
    });

    it('closes the window with the header\'s "×" (the chat goes on); End chat is in the menu and asks first', async () => {
      await app.getByRole('button', { name: 'Minimize chat' }).click();
      await eventually(() => page.locator('[data-livechat] iframe').isHidden());
      expect((await world.db.models.Chat.findByPk(chatId))!.status).to.not.equal('closed');
      await launcher(page).click();
      await app.getByRole('button', { name: 'Chat options' }).click();
      await app.getByRole('menuitem', { name: 'End chat' }).click();
      await app.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
      expect((await world.db.models.Chat.findByPk(chatId))!.status).to.not.equal('closed');
      await app.getByRole('button', { name: 'Chat options' }).click();
      await page.screenshot({ path: artifactPath('widget-menu-1280x800.png') });
      await app.getByRole('menuitem', { name: 'End chat' }).click();
      await app.getByRole('alertdialog').getByRole('button', { name: 'End chat' }).click();
      await app.getByRole('group', { name: 'How was your chat?' }).waitFor();
      expect((await world.db.models.Chat.findByPk(chatId))!.status).to.equal('closed');
    });
  });
});
