import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { artifactPath, withBrowser } from '../../helpers/browser.js';
import { eventually, launcher, recordFailure, sitePage, watchPage, widgetWorld } from './world.js';

/**
 * A proactive trigger on a customer's website of another origin, in Chromium: the greeting the
 * rule names appears above the launcher once the visitor has spent the set time on the page, with
 * only the loader on the page (the chat app is not loaded for it); opening it counts as accepted.
 */
describe('widget: a proactive trigger greeting (Chromium)', function () {
  this.timeout(60_000);
  const holder = withBrowser();
  const world = widgetWorld();
  let current: Page | undefined;
  afterEach(function () {
    return recordFailure(this.currentTest, current);
  });

  it('shows the greeting as a toast after 1 s on a matching page, and counts the open as accepted', async () => {
    const client = await world.f.client({ name: 'Maria\'s Bakery', domains: [world.site.domain] });
    const trigger = await world.db.models.Trigger.create({
      client_id: client.id,
      name: 'Cakes',
      enabled: true,
      priority: 0,
      conditions: [{ kind: 'url', match: 'contains', value: '/cakes' }, { kind: 'timeOnPage', seconds: 1 }],
      action: { text: 'Looking for a birthday cake? We bake to order.', agentId: null, show: 'toast' },
      frequency_days: null,
    });
    world.site.page('/cakes', () => sitePage(world.server.baseUrl, client.widget_key, 'Cakes'));
    const context = await holder.browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(15_000);
    const page = (current = watchPage(await context.newPage()));
    const toast = page.locator('[data-livechat] .t');

    await page.goto(`${world.site.origin}/cakes`);
    await launcher(page).waitFor();
    const loadedAt = Date.now();
    expect(await toast.isVisible(), 'no greeting before the time on page').to.equal(false);
    await toast.waitFor({ state: 'visible' });
    expect(Date.now() - loadedAt, 'the greeting waited for the time on page').to.be.greaterThan(500);
    expect(await toast.locator('b').textContent()).to.equal('Maria\'s Bakery');
    expect(await toast.locator('span').textContent()).to.equal('Looking for a birthday cake? We bake to order.');
    expect(page.frames().some((f) => f.url().includes('/widget/app/')), 'the chat app is not loaded for a greeting').to.equal(false);
    await page.screenshot({ path: artifactPath('trigger-toast.png') });

    await toast.locator('span').click();
    await page.frameLocator('[data-livechat] iframe').getByRole('button', { name: 'Minimize chat' }).waitFor();
    const show = await eventually(() => world.db.models.TriggerShow.findOne({ where: { trigger_id: trigger.id } }).then((s) => s?.accepted_at && s));
    expect(show.page_visit_id).to.be.a('number');
    await context.close();
  });
});
