import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser } from '../../helpers/browser.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { signInAs, type AgentPage } from './helpers.js';

/** The bell counts what the agent has not dealt with: opening the chat from the list deals with its notifications. */
describe('dashboard bell when a chat is opened from the list, in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const scene = withServer('sqlite');
  const holder = withBrowser();
  const sockets: TestSocket[] = [];
  let ann: AgentPage;

  after(async () => {
    sockets.forEach((s) => s.close());
    await ann?.context.close();
  });

  it('clears the chat\'s notifications from the bell, also after a reload', async () => {
    const site = await scene.f.client({ name: 'Acme Shoes', domains: ['example.test'] });
    await scene.f.user('agent', { email: 'ann@example.test', pseudo_name: 'Ann' }, [site.id]);
    ann = await signInAs(holder.browser, scene.server.baseUrl, 'ann@example.test');
    const page = ann.page;
    await page.waitForFunction(() => document.querySelector('.status.online.on'));
    const chatIds: number[] = [];
    for (const name of ['Sam Shoes', 'Bea Boots']) {
      const { socket } = await connectVisitor(scene.server.baseUrl, site.widget_key);
      sockets.push(socket);
      const started = await socket.request({ type: 'chat.start', lead: { name, email: 'v@example.test', phone: '+1 555 0100' }, message: 'Hello', clientMsgId: newMsgId() });
      expect(started.ok, JSON.stringify(started)).to.equal(true);
      chatIds.push(started.chat.id);
    }
    await page.waitForFunction(() => document.querySelector('[data-testid=bell-count]')?.textContent === '2');

    await page.locator(`.chatitem[data-chat-id="${chatIds[0]}"]`).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=bell-count]')?.textContent === '1');
    await page.reload();
    await page.locator(`.chatitem[data-chat-id="${chatIds[1]}"]`).waitFor();
    expect(await page.locator('[data-testid=bell-count]').textContent(), 'the other chat is still news').to.equal('1');
    await page.locator(`.chatitem[data-chat-id="${chatIds[1]}"]`).click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=bell-count]'));
    await page.getByRole('button', { name: 'Notifications' }).click();
    expect(await page.locator('.notification.unread').count()).to.equal(0);
  });
});
