import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser } from '../../helpers/browser.js';
import { connectVisitor, connectAgent, newMsgId } from '../../helpers/visitors.js';
import { signedIn } from '../../helpers/http.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { signInAs, type AgentPage } from './helpers.js';

/**
 * The website and agent filters of the chat list, for an agent who answers two websites: ticking
 * websites narrows the list to their chats, choosing an agent to the chats that agent is in.
 */
describe('dashboard chat-list filters in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const scene = withServer('sqlite');
  const holder = withBrowser();
  let ann: AgentPage;
  const sockets: TestSocket[] = [];

  before(async () => {
    const shoes = await scene.f.client({ name: 'Acme Shoes', domains: ['example.test'] });
    const hats = await scene.f.client({ name: 'Acme Hats', domains: ['example.test'] });
    await scene.f.user('agent', { email: 'ann@example.test', pseudo_name: 'Ann' }, [shoes.id, hats.id]);
    await scene.f.user('agent', { email: 'bob@example.test', pseudo_name: 'Bob' }, [shoes.id]);
    const start = async (widgetKey: string, name: string) => {
      const { socket } = await connectVisitor(scene.server.baseUrl, widgetKey);
      sockets.push(socket);
      const started = await socket.request({ type: 'chat.start', lead: { name, email: `${name.split(' ')[0].toLowerCase()}@example.test`, phone: '+1 555 0100' }, message: `Hello from ${name}`, clientMsgId: newMsgId() });
      expect(started.ok, JSON.stringify(started)).to.equal(true);
      return started.chat.id as number;
    };
    await start(shoes.widget_key, 'Sam Shoes');
    const bobs = await start(shoes.widget_key, 'Bea Boots');
    await start(hats.widget_key, 'Hal Hats');
    const bobApi = await signedIn(scene.server.baseUrl, 'bob@example.test', TEST_PASSWORD);
    const bob = await connectAgent(scene.server.baseUrl, bobApi.cookie!);
    sockets.push(bob);
    expect((await bob.request({ type: 'chat.join', chatId: bobs })).ok).to.not.equal(false);
    ann = await signInAs(holder.browser, scene.server.baseUrl, 'ann@example.test');
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await ann?.context.close();
  });

  it('narrows the list to the ticked websites, and to the chats an agent is in', async () => {
    const page = ann.page;
    const names = async () => (await page.locator('.chatitem .visitor-name').allTextContents()).sort();
    await page.waitForFunction(() => document.querySelectorAll('.chatitem').length === 3);
    expect(await names()).to.deep.equal(['Bea Boots', 'Hal Hats', 'Sam Shoes']);

    await page.click('.more-filters summary');
    await page.getByLabel('Acme Hats').check();
    await page.waitForFunction(() => document.querySelectorAll('.chatitem').length === 1);
    expect(await names()).to.deep.equal(['Hal Hats']);
    await page.getByLabel('Acme Shoes').check();
    await page.waitForFunction(() => document.querySelectorAll('.chatitem').length === 3);
    await page.getByLabel('Acme Hats').uncheck();
    await page.waitForFunction(() => document.querySelectorAll('.chatitem').length === 2);
    expect(await names()).to.deep.equal(['Bea Boots', 'Sam Shoes']);
    await page.getByLabel('Acme Shoes').uncheck();

    await page.locator('.more-filters select').selectOption({ label: 'Bob' });
    await page.waitForFunction(() => document.querySelectorAll('.chatitem').length === 1);
    expect(await names()).to.deep.equal(['Bea Boots']);
    await page.locator('.more-filters select').selectOption({ label: 'Anyone' });
    await page.waitForFunction(() => document.querySelectorAll('.chatitem').length === 3);
  });
});
