import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser } from '../../helpers/browser.js';
import { connectAgent, connectVisitor, newMsgId } from '../../helpers/visitors.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { signInAs, type AgentPage } from './helpers.js';

/**
 * Unread means messages from others after the agent's last read. The agent's own messages never
 * count, also once the page is reloaded (the counts then come from the server): not on the card's
 * badge, not in the tab title, not in the phone's "new in other chats" pill.
 */
describe('dashboard unread counts after a reload, in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const scene = withServer('sqlite');
  const holder = withBrowser();
  const sockets: TestSocket[] = [];
  let ann: AgentPage;
  let phone: AgentPage;

  after(async () => {
    sockets.forEach((s) => s.close());
    await ann?.context.close();
    await phone?.context.close();
  });

  const startChat = async (widgetKey: string, name: string) => {
    const { socket } = await connectVisitor(scene.server.baseUrl, widgetKey);
    sockets.push(socket);
    const started = await socket.request({ type: 'chat.start', lead: { name, email: `${name.split(' ')[0].toLowerCase()}@example.test`, phone: '+1 555 0100' }, message: 'Hello', clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    return { socket, chatId: started.chat.id as number };
  };
  const badge = (page: AgentPage['page'], chatId: number) => page.locator(`.chatitem[data-chat-id="${chatId}"] [data-testid=unread]`);

  it('counts only the visitor\'s messages after the last read, before and after a reload', async () => {
    const site = await scene.f.client({ name: 'Acme Shoes', domains: ['example.test'] });
    await scene.f.user('agent', { email: 'ann@example.test', pseudo_name: 'Ann' }, [site.id]);
    const first = await startChat(site.widget_key, 'Sam Shoes');
    const second = await startChat(site.widget_key, 'Bea Boots');

    // Ann answers the first chat in the dashboard and the second from another tab (a socket of hers).
    ann = await signInAs(holder.browser, scene.server.baseUrl, 'ann@example.test');
    const page = ann.page;
    await page.locator(`.chatitem[data-chat-id="${first.chatId}"]`).click();
    await page.getByRole('button', { name: 'Join chat' }).click();
    for (const text of ['Hi Sam, Ann here.', 'Which size do you need?']) {
      await page.fill('[data-testid=composer]', text);
      await page.keyboard.press('Enter');
      await page.locator('.msg.agent', { hasText: text }).waitFor();
    }
    const api = await signedIn(scene.server.baseUrl, 'ann@example.test', TEST_PASSWORD);
    const tab = await connectAgent(scene.server.baseUrl, api.cookie!);
    sockets.push(tab);
    expect((await tab.request({ type: 'chat.join', chatId: second.chatId })).ok).to.equal(true);
    expect((await tab.request({ type: 'read', chatId: second.chatId, seq: 100 })).ok).to.equal(true);
    expect((await tab.request({ type: 'message.send', chatId: second.chatId, clientMsgId: newMsgId(), body: 'Hi Bea!' })).ok).to.equal(true);
    expect((await tab.request({ type: 'message.send', chatId: second.chatId, clientMsgId: newMsgId(), body: 'One moment.' })).ok).to.equal(true);

    await page.reload();
    await page.locator(`.chatitem[data-chat-id="${second.chatId}"]`).waitFor();
    expect(await badge(page, first.chatId).count(), 'her own messages are not unread').to.equal(0);
    expect(await badge(page, second.chatId).count(), 'nor those sent from her other tab').to.equal(0);
    expect(await page.title()).to.equal('livechat');

    // The visitor writes while Ann looks at no chat: one unread, and still one after a reload.
    expect((await first.socket.request({ type: 'message.send', chatId: first.chatId, clientMsgId: newMsgId(), body: 'Size 44 please' })).ok).to.equal(true);
    await page.waitForFunction((id) => document.querySelector(`.chatitem[data-chat-id="${id}"] [data-testid=unread]`)?.textContent === '1', first.chatId);
    expect(await page.title()).to.equal('(1) livechat');
    await page.reload();
    await page.locator(`.chatitem[data-chat-id="${first.chatId}"]`).waitFor();
    expect(await badge(page, first.chatId).textContent()).to.equal('1');
    expect(await badge(page, second.chatId).count()).to.equal(0);
    expect(await page.title()).to.equal('(1) livechat');
  });

  it('shows no false "new in other chats" pill on a phone, and the true one', async () => {
    phone = await signInAs(holder.browser, scene.server.baseUrl, 'ann@example.test', { width: 390, height: 844 }, true);
    const page = phone.page;
    await page.waitForFunction(() => document.querySelectorAll('.chatitem').length === 2);
    const [firstId, secondId] = await page.evaluate(() => [...document.querySelectorAll('.chatitem')].map((el) => Number((el as HTMLElement).dataset.chatId)).sort((a, b) => a - b));
    await page.locator(`.chatitem[data-chat-id="${secondId}"]`).click();
    await page.locator('.msg', { hasText: 'One moment.' }).waitFor();
    // The first chat has one message from the visitor unread; the second's are all Ann's own.
    await page.locator('[data-testid=elsewhere]', { hasText: '1 new in other chats' }).waitFor();
    await page.getByRole('button', { name: 'Back to chats' }).click();
    await page.locator(`.chatitem[data-chat-id="${firstId}"]`).click();
    await page.locator('.msg', { hasText: 'Size 44 please' }).waitFor();
    await page.reload();
    await page.locator(`.chatitem[data-chat-id="${firstId}"]`).click();
    await page.locator('.msg', { hasText: 'Size 44 please' }).waitFor();
    expect(await page.locator('[data-testid=elsewhere]').count(), 'the other chat holds only her own messages').to.equal(0);
  });
});
