import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser, artifactPath } from '../../helpers/browser.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import type { BrowserContext } from 'playwright-core';

/**
 * First sign-in with a password the CLI set: the dashboard asks for a new one and shows nothing
 * else (no chats, no menu, no other page by its address) until it is changed.
 */
describe('dashboard forced password change, in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const scene = withServer('sqlite');
  const holder = withBrowser();
  let context: BrowserContext;

  after(async () => {
    await context?.close();
  });

  it('asks for a new password at first sign-in, allows nothing else, then opens the workspace', async () => {
    const site = await scene.f.client({ name: 'Acme Shoes' });
    await scene.f.user('agent', { email: 'ann@example.test', pseudo_name: 'Ann', must_change_password: true }, [site.id]);
    context = await holder.browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: scene.server.baseUrl, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto('/visitors');
    await page.waitForURL(/\/login/);
    await page.fill('input[name=email]', 'ann@example.test');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/password/);
    await page.locator('[data-testid=change-password]').waitFor();
    await page.screenshot({ path: artifactPath('dashboard-change-password-390x844.png') });
    expect(await page.locator('.topbar').count(), 'no menu').to.equal(0);
    await page.goto('/settings');
    await page.waitForURL(/\/password/);
    expect(sockets, 'no socket is opened meanwhile').to.deep.equal([]);

    await page.fill('input[name=current]', TEST_PASSWORD);
    await page.fill('input[name=new]', 'my-own-password-1');
    await page.fill('input[name=again]', 'my-own-password-2');
    await page.click('button[type=submit]');
    expect(await page.locator('[role=alert]').textContent()).to.match(/differ/);
    await page.fill('input[name=again]', 'my-own-password-1');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=agent-name]');
    expect(new URL(page.url()).pathname).to.equal('/settings');
    const user = await scene.db.models.User.findOne({ where: { email: 'ann@example.test' } });
    expect(user!.must_change_password).to.equal(false);
    await page.reload();
    await page.waitForSelector('[data-testid=agent-name]');
    expect(new URL(page.url()).pathname).to.equal('/settings');
  });
});
