import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser } from '../../helpers/browser.js';

/**
 * The dashboard's service worker in Chromium: a push message (delivered through the DevTools
 * protocol, as the push service would) shows a notification while no dashboard tab is visible,
 * with the chat to open; while a tab is visible it stays quiet (that tab already rang).
 */
describe('dashboard service worker in Chromium [sqlite]', function () {
  this.timeout(60_000);
  const scene = withServer('sqlite');
  const holder = withBrowser();

  it('shows a pushed notification only when no dashboard tab is visible', async () => {
    const context = await holder.browser.newContext({ baseURL: scene.server.baseUrl });
    try {
      await context.grantPermissions(['notifications'], { origin: scene.server.baseUrl });
      const page = await context.newPage();
      await page.goto('/login');
      const registrationScope = await page.evaluate(async () => (await navigator.serviceWorker.register('/sw.js')).scope);
      await page.evaluate(() => navigator.serviceWorker.ready);
      expect(registrationScope).to.equal(`${scene.server.baseUrl}/`);
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      const registrationId = await new Promise<string>((resolve) => {
        cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: { registrationId: string; scopeURL: string }[] }) => {
          const found = e.registrations.find((r) => r.scopeURL === `${scene.server.baseUrl}/`);
          if (found) resolve(found.registrationId);
        });
      });
      const push = (payload: object) => cdp.send('ServiceWorker.deliverPushMessage', { origin: scene.server.baseUrl, registrationId, data: JSON.stringify(payload) });
      const shown = () => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, data: n.data })));

      await push({ id: 1, type: 'chat_waiting', title: 'New chat waiting', body: 'Vera on Acme', chatId: 7 });
      await page.waitForTimeout(500);
      expect(await shown(), 'a visible tab already alerted the agent').to.deep.equal([]);

      // The dashboard is closed (the tab left it): the worker shows what is pushed.
      await page.goto('about:blank');
      await push({ id: 2, type: 'chat_transfer', title: 'Chat transferred to you', body: 'From Ann', chatId: 9 });
      await page.waitForTimeout(500);
      await page.goto('/login');
      const list = await shown();
      expect(list).to.deep.equal([{ title: 'Chat transferred to you', body: 'From Ann', data: { chatId: 9 } }]);
    } finally {
      await context.close();
    }
  });
});
