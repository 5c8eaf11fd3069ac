import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { artifactPath, withBrowser } from '../../helpers/browser.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { signInAs, type AgentPage } from './helpers.js';

/** The AI layer's reading of visitor messages, as agents see it: chips on the chat card and under each message. */
describe('dashboard AI chips and knowledge base, in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const scene = withServer('sqlite', {}, { aiAnalysis: true });
  const holder = withBrowser();
  const sockets: TestSocket[] = [];
  let ann: AgentPage | undefined;

  after(async () => {
    sockets.forEach((s) => s.close());
    await ann?.context.close();
  });

  it('shows the mood and intent of each visitor message in the pane, and of the latest one on the card, live and after a reload', async () => {
    const site = await scene.f.client({ name: 'Acme Shoes', domains: ['example.test'] });
    await scene.f.user('agent', { email: 'ann@example.test', pseudo_name: 'Ann', status: 'online' }, [site.id]);
    const { socket: visitor } = await connectVisitor(scene.server.baseUrl, site.widget_key);
    sockets.push(visitor);
    const started = await visitor.request({ type: 'chat.start', lead: { name: 'Sam Shoes', email: 'sam@example.test' }, message: 'Where is my order? I placed it on Monday', clientMsgId: newMsgId() });
    const chatId = started.chat.id as number;

    ann = await signInAs(holder.browser, scene.server.baseUrl, 'ann@example.test');
    const page = ann.page;
    const card = page.locator(`.chatitem[data-chat-id="${chatId}"]`);
    await card.click();
    const first = page.locator('.msg.visitor', { hasText: 'Where is my order?' });
    await first.locator('[data-testid=ai-intent]').waitFor({ timeout: 20_000 });
    expect(await first.locator('[data-testid=ai-intent]').textContent()).to.equal('Order status');
    expect(await first.locator('[data-testid=ai-language]').textContent()).to.equal('EN');

    // Live: the reading arrives after the message, on the card and under the message.
    expect((await visitor.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'This is ridiculous, I want to talk to a real person now' })).ok).to.equal(true);
    const angry = page.locator('.msg.visitor', { hasText: 'ridiculous' });
    await angry.locator('[data-testid=ai-intent]', { hasText: 'Wants a human' }).waitFor();
    expect(await angry.locator('[data-testid=ai-sentiment]').textContent()).to.contain('Negative');
    await card.locator('[data-testid=ai-intent]', { hasText: 'Wants a human' }).waitFor();
    await page.screenshot({ path: artifactPath('ai-chips-desktop.png') });

    // What was stored comes back with the messages after a reload.
    await page.reload();
    await page.locator(`.chatitem[data-chat-id="${chatId}"]`).click();
    await page.locator('.msg.visitor', { hasText: 'ridiculous' }).locator('[data-testid=ai-intent]', { hasText: 'Wants a human' }).waitFor();
    await page.setViewportSize({ width: 390, height: 800 });
    const closeDetails = page.getByRole('button', { name: 'Hide details' });
    if (await closeDetails.isVisible()) await closeDetails.click();
    await page.screenshot({ path: artifactPath('ai-chips-phone.png') });
    expect(await page.locator('.msg.agent [data-testid=ai-chips]').count(), 'agent messages carry no reading').to.equal(0);
  });

  it('imports a Markdown knowledge base on its page and finds an article for a visitor\'s question', async () => {
    const page = ann!.page;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/knowledge');
    await page.locator('[data-testid=kb-list]').waitFor();
    await page.fill('textarea >> nth=1', '# Shipping to Iceland\nTags: shipping\nWe ship to Iceland in 5 to 8 working days.\n\n# Return policy\nSend any item back within 30 days for a full refund.\n');
    await page.getByRole('button', { name: 'Import' }).click();
    expect(await page.locator('[data-testid=import-note]').textContent()).to.equal('2 articles imported.');
    await page.getByLabel('Search articles').fill('how long is delivery to iceland');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('.kb-item', { hasText: 'score' }).first().waitFor({ timeout: 5000 });
    expect(await page.locator('.kb-item strong').first().textContent()).to.equal('Shipping to Iceland');
    await page.screenshot({ path: artifactPath('knowledge-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 800 });
    await page.screenshot({ path: artifactPath('knowledge-phone.png') });
  });
});
