import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { artifactPath, withBrowser } from '../../helpers/browser.js';
import * as samples from '../../fixtures/files/samples.js';
import { signInAs, type AgentPage } from '../dashboard/helpers.js';
import { chatFrame, recordFailure, sitePage, watchPage, widgetWorld } from './world.js';

/**
 * A visitor in the real widget and an agent in the real dashboard, both in Chromium: reply (the
 * quote scrolls to its message), reactions, an edit (with the earlier text for the agent), a
 * delete and a picture's thumbnail, each seen on the other side.
 */
describe('message tools in the widget and the dashboard (Chromium)', function () {
  this.timeout(120_000);
  const holder = withBrowser();
  const world = widgetWorld();
  let context: BrowserContext;
  let page: Page;
  let agent: AgentPage;

  before(async () => {
    const client = await world.f.client({ name: 'Acme', domains: [world.site.domain] });
    const alex = await world.f.user('agent', { pseudo_name: 'Alex', status: 'online' }, [client.id]);
    world.site.page('/', () => sitePage(world.server.baseUrl, client.widget_key, 'Acme home'));
    context = await holder.browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(15_000);
    page = watchPage(await context.newPage());
    agent = await signInAs(holder.browser, world.server.baseUrl, alex.email);
    expect(TEST_PASSWORD).to.be.a('string');
  });
  afterEach(function () {
    return recordFailure(this.currentTest, page);
  });
  after(async () => {
    await context?.close();
    await agent?.context.close();
  });

  it('reply, react, edit, delete and a picture thumbnail, on both sides', async () => {
    await page.goto(`${world.site.origin}/`);
    await page.locator('[data-livechat] button.l').click();
    const app = chatFrame(page);
    await app.getByLabel('Name').fill('Vera');
    await app.getByLabel('Email').fill('vera@example.test');
    await app.getByLabel('Your message').fill('Where is my order?');
    await app.getByRole('button', { name: 'Start chat' }).click();
    await app.locator('li.msg.mine[data-status="sent"], li.msg.mine[data-status="delivered"]').first().waitFor();

    const dash = agent.page;
    await dash.locator('.chatitem').first().click();
    await dash.click('button.join');
    await dash.waitForSelector('[data-testid=composer]');

    // The agent answers the visitor's question: the widget quotes it, and the quote leads to it.
    const question = dash.locator('.msg.visitor', { hasText: 'Where is my order?' });
    await question.hover();
    await question.getByRole('button', { name: 'Reply' }).click();
    await dash.locator('[data-testid=composer-context]', { hasText: 'Where is my order?' }).waitFor();
    await dash.fill('[data-testid=composer]', 'It left the warehouse today');
    await dash.keyboard.press('Enter');
    const answer = app.locator('li.msg.theirs', { hasText: 'It left the warehouse today' });
    await answer.locator('.quote', { hasText: 'Where is my order?' }).click();
    await app.locator('li.msg.mine.flash', { hasText: 'Where is my order?' }).waitFor();
    // The visitor's device got it: the dashboard's tick says delivered (or read), not only sent.
    await dash.locator('.msg.agent .ticks.delivered, .msg.agent .ticks.read').first().waitFor();

    // The visitor reacts; the dashboard counts it.
    await answer.hover();
    await answer.getByRole('button', { name: 'React', exact: true }).click();
    await answer.getByRole('button', { name: 'React 👍' }).click();
    await answer.locator('.reaction', { hasText: '👍 1' }).waitFor();
    await dash.locator('.msg.agent .reaction', { hasText: '👍 1' }).waitFor();

    // The visitor edits the question; the agent sees it marked and can read the earlier text.
    const mine = app.locator('li.msg.mine', { hasText: 'Where is my order?' });
    await mine.hover();
    await mine.getByRole('button', { name: 'Edit' }).click();
    const box = app.getByLabel('Message', { exact: true });
    expect(await box.inputValue()).to.equal('Where is my order?');
    await box.fill('Where is my order #1042?');
    await box.press('Enter');
    const edited = dash.locator('.msg.visitor', { hasText: 'Where is my order #1042?' });
    await edited.getByRole('button', { name: 'edited' }).click();
    await edited.locator('[data-testid=history]', { hasText: 'Where is my order?' }).waitFor();
    await app.locator('li.msg.mine', { hasText: 'Where is my order #1042?' }).locator('.edited').waitFor();

    // The agent deletes the answer: both sides say so.
    const sent = dash.locator('.msg.agent', { hasText: 'It left the warehouse today' });
    await sent.hover();
    await sent.getByRole('button', { name: 'Delete' }).click();
    await app.locator('li.msg.theirs .deleted', { hasText: 'This message was deleted' }).waitFor();
    await dash.locator('.msg.agent .deleted', { hasText: 'This message was deleted' }).waitFor();

    // A picture: a thumbnail in both, the full picture in a viewer.
    await app.locator('input[type=file]').setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: await samples.png(800, 600) });
    const thumb = app.locator('li.msg.mine img.thumb');
    await thumb.waitFor();
    await expectLoaded(thumb);
    const dashThumb = dash.locator('[data-testid=thumbnail]');
    await dashThumb.waitFor();
    await expectLoaded(dashThumb);
    await dash.screenshot({ path: artifactPath('message-tools-dashboard.png') });
    await page.screenshot({ path: artifactPath('message-tools-widget.png') });
    await dashThumb.click();
    const full = dash.locator('.viewer img');
    await full.waitFor();
    await expectLoaded(full);
    expect(await full.evaluate((img: HTMLImageElement) => img.naturalWidth)).to.equal(800);
    expect(await dashThumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).to.be.at.most(320);
    // How the two look on a phone, for people to check (test-artifacts/).
    await dash.keyboard.press('Escape');
    await full.click();
    await dash.getByRole('button', { name: 'Hide details' }).click();
    await dash.setViewportSize({ width: 390, height: 844 });
    await page.setViewportSize({ width: 390, height: 844 });
    await dash.screenshot({ path: artifactPath('message-tools-dashboard-phone.png') });
    await page.screenshot({ path: artifactPath('message-tools-widget-phone.png') });
  });
});

async function expectLoaded(img: ReturnType<Page['locator']>) {
  await img.evaluate((el: HTMLImageElement) => (el.complete && el.naturalWidth > 0 ? null : new Promise((resolve, reject) => ((el.onload = resolve), (el.onerror = reject)))));
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).to.be.greaterThan(0);
}
