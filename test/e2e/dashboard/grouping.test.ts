import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser } from '../../helpers/browser.js';
import { connectAgent, connectVisitor, newMsgId } from '../../helpers/visitors.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { signInAs, type AgentPage } from './helpers.js';

/**
 * Consecutive messages of one sender are one group, as in WhatsApp Web and Intercom: the name
 * shows where the sender changes, never on the reader's own messages.
 */
describe('dashboard message groups, in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const scene = withServer('sqlite');
  const holder = withBrowser();
  const sockets: TestSocket[] = [];
  let ann: AgentPage;

  after(async () => {
    sockets.forEach((s) => s.close());
    await ann?.context.close();
  });

  it('names each run of one sender once, and never Ann on her own', async () => {
    const site = await scene.f.client({ name: 'Acme Shoes', domains: ['example.test'] });
    await scene.f.user('agent', { email: 'ann@example.test', pseudo_name: 'Ann' }, [site.id]);
    await scene.f.user('agent', { email: 'ben@example.test', pseudo_name: 'Ben' }, [site.id]);
    const { socket: visitor } = await connectVisitor(scene.server.baseUrl, site.widget_key);
    sockets.push(visitor);
    const started = await visitor.request({ type: 'chat.start', lead: { name: 'Sam Shoes', email: 'sam@example.test', phone: '+1 555 0100' }, message: 'Hello', clientMsgId: newMsgId() });
    const chatId = started.chat.id as number;
    const say = async (socket: TestSocket, body: string) => expect((await socket.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body })).ok).to.equal(true);
    await say(visitor, 'Anyone there?');

    ann = await signInAs(holder.browser, scene.server.baseUrl, 'ann@example.test');
    const page = ann.page;
    await page.locator(`.chatitem[data-chat-id="${chatId}"]`).click();
    await page.getByRole('button', { name: 'Join chat' }).click();
    for (const text of ['Hi Sam!', 'How can I help?']) {
      await page.fill('[data-testid=composer]', text);
      await page.keyboard.press('Enter');
      await page.locator('.msg.agent', { hasText: text }).waitFor();
    }
    const ben = await connectAgent(scene.server.baseUrl, (await signedIn(scene.server.baseUrl, 'ben@example.test', TEST_PASSWORD)).cookie!);
    sockets.push(ben);
    expect((await ben.request({ type: 'chat.join', chatId })).ok).to.equal(true);
    await say(ben, 'Ben here too.');
    await say(ben, 'I know sizes.');
    await say(visitor, 'Thanks!');
    await page.locator('.msg', { hasText: 'Thanks!' }).waitFor();

    const bubbles = await page.$$eval('.msg:not(.system)', (els) => els.map((el) => [el.querySelector('.text')?.textContent, el.querySelector('.sender')?.textContent ?? null]));
    expect(bubbles).to.deep.equal([
      ['Hello', 'Sam Shoes'],
      ['Anyone there?', null],
      ['Hi Sam!', null],
      ['How can I help?', null],
      ['Ben here too.', 'Ben'],
      ['I know sizes.', null],
      ['Thanks!', 'Sam Shoes'],
    ]);
    expect(await page.locator('.msg.mine').count(), 'Ann\'s two are marked hers').to.equal(2);
  });
});
