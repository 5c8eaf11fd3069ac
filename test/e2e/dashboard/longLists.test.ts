import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser } from '../../helpers/browser.js';
import { signInAs } from './helpers.js';

/**
 * Long lists stay smooth: 400 open chats render only the rows in view, and 120 closed chats come
 * 50 at a time as the list scrolls.
 */
describe('dashboard long lists in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const scene = withServer('sqlite');
  const holder = withBrowser();

  before(async () => {
    const site = await scene.f.client({ name: 'Busy Site' });
    await scene.f.user('agent', { email: 'bea@example.test', pseudo_name: 'Bea' }, [site.id]);
    const start = Date.now() - 3600_000;
    const rows = [];
    for (let i = 0; i < 520; i++) rows.push({ client_id: site.id, visitor_key: `vk-${i}`, name: `Visitor ${String(i).padStart(3, '0')}` });
    const visitors = await scene.db.models.Visitor.bulkCreate(rows);
    await scene.db.models.Chat.bulkCreate(
      visitors.map((v, i) =>
        i < 400
          ? { client_id: site.id, visitor_id: v.id, status: 'waiting' as const, started_at: new Date(start + i * 1000), last_message_at: new Date(start + i * 1000) }
          : { client_id: site.id, visitor_id: v.id, status: 'closed' as const, started_at: new Date(start), ended_at: new Date(start + i * 1000), ended_by: 'agent' as const },
      ),
    );
  });

  it('renders only the visible rows of 400 waiting chats, oldest first, and reaches the last by scrolling', async () => {
    const bea = await signInAs(holder.browser, scene.server.baseUrl, 'bea@example.test');
    try {
      await bea.page.waitForSelector('.section.red >> text=400');
      const rendered = await bea.page.locator('.chatitem').count();
      expect(rendered).to.be.greaterThan(5).and.lessThan(40);
      expect(await bea.page.locator('.chatitem .visitor-name').first().textContent()).to.equal('Visitor 000');
      await bea.page.locator('.list-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
      await bea.page.locator('.chatitem .visitor-name', { hasText: 'Visitor 399' }).waitFor();
      expect(await bea.page.locator('.chatitem').count()).to.be.lessThan(40);

      await bea.page.click('.list-tabs button:has-text("Closed")');
      await bea.page.locator('.chatitem .visitor-name', { hasText: 'Visitor 519' }).waitFor();
      const loaded = () => bea.page.evaluate(() => fetch('/api/inbox?view=closed&page=3').then((r) => r.json()).then((b) => b.chats.length));
      expect(await loaded(), 'the third page holds the last 20').to.equal(20);
      for (let i = 0; i < 6; i++) {
        await bea.page.locator('.list-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
        await bea.page.waitForTimeout(300);
      }
      await bea.page.locator('.chatitem .visitor-name', { hasText: 'Visitor 400' }).waitFor();
    } finally {
      await bea.context.close();
    }
  });
});
