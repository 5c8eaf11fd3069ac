import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser, artifactPath } from '../../helpers/browser.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { quietFor, waitFor } from '../../helpers/wait.js';
import { signInAs, socketSwitch, type AgentPage } from './helpers.js';

/**
 * While the connection is down an agent's message shows as a pending bubble and is queued; on
 * reconnect it goes out with the clientMsgId it was given, once. Enter is never ignored.
 */
describe('dashboard sends while the connection is down, in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const scene = withServer('sqlite');
  const holder = withBrowser();
  let ann: AgentPage;
  let visitor: TestSocket;

  after(async () => {
    visitor?.close();
    await ann?.context.close();
  });

  it('shows pending bubbles, then sends them on reconnect with the same clientMsgId, each once', async () => {
    const site = await scene.f.client({ name: 'Acme Shoes', domains: ['example.test'] });
    await scene.f.user('agent', { email: 'ann@example.test', pseudo_name: 'Ann' }, [site.id]);
    visitor = (await connectVisitor(scene.server.baseUrl, site.widget_key)).socket;
    const started = await visitor.request({ type: 'chat.start', lead: { name: 'Sam Shoes', email: 'sam@example.test', phone: '+1 555 0100' }, message: 'Hello', clientMsgId: newMsgId() });
    const chatId = started.chat.id as number;
    const network = socketSwitch();
    ann = await signInAs(holder.browser, scene.server.baseUrl, 'ann@example.test', undefined, false, network.install);
    const page = ann.page;
    await page.locator(`.chatitem[data-chat-id="${chatId}"]`).click();
    await page.getByRole('button', { name: 'Join chat' }).click();
    await page.locator('[data-testid=composer]').waitFor();

    await network.cut();
    await page.locator('.banner', { hasText: 'Reconnecting' }).waitFor();
    const texts = ['Sorry, one moment.', 'Checking the stock now.'];
    for (const text of texts) {
      await page.fill('[data-testid=composer]', text);
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=pending]', { hasText: text }).waitFor();
      expect(await page.inputValue('[data-testid=composer]'), 'Enter took the text').to.equal('');
    }
    expect(await page.locator('[data-testid=pending]').allTextContents()).to.have.length(2);
    await page.screenshot({ path: artifactPath('dashboard-pending-1440x900.png') });
    const ids = await page.$$eval('[data-testid=pending]', (els) => els.map((el) => (el as HTMLElement).dataset.clientMsgId));
    await quietFor(300);
    expect(await scene.db.models.Message.count({ where: { chat_id: chatId, sender_type: 'agent' } }), 'nothing left while down').to.equal(0);

    network.restore();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=pending]').length === 0, undefined, { timeout: 20_000 });
    expect(await page.locator('.msg.agent .text').allTextContents()).to.deep.equal(texts);
    const stored = await scene.db.models.Message.findAll({ where: { chat_id: chatId, sender_type: 'agent' }, order: [['seq', 'ASC']] });
    expect(stored.map((m) => [m.body, m.client_msg_id])).to.deep.equal(texts.map((t, i) => [t, ids[i]]));
    await visitor.event('message.created', (e) => e.message.body === texts[1]);
    // A short outage (the first reconnect succeeds): the lists are read again, and Ann's own messages are not unread.
    const inboxReads = () => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === '/api/inbox').length);
    const readsBefore = await inboxReads();
    await network.cut();
    await page.locator('.banner', { hasText: 'Reconnecting' }).waitFor();
    network.restore();
    await page.locator('.banner', { hasText: 'Reconnecting' }).waitFor({ state: 'detached', timeout: 20_000 });
    await waitFor('the inbox read again after the reconnect', async () => (await inboxReads()) > readsBefore, 10_000);
    await page.locator(`.chatitem[data-chat-id="${chatId}"]`).waitFor();
    expect(await page.locator(`.chatitem[data-chat-id="${chatId}"] [data-testid=unread]`).count(), 'own messages unread after the reconnect').to.equal(0);
    expect(await page.title()).to.equal('livechat');
    expect(visitor.events.filter((e) => e.name === 'message.created' && e.message.senderType === 'agent').map((e) => e.message.body)).to.deep.equal(texts);
  });

  it('shows a refused message as not sent, with the reason and a retry', async () => {
    const page = ann.page;
    const chatId = Number(await page.locator('.chatpane').getAttribute('data-chat-id'));
    // The chat is closed behind the dashboard's back (no event): the server refuses the next message.
    await scene.db.models.Chat.update({ status: 'closed' }, { where: { id: chatId } });
    await page.fill('[data-testid=composer]', 'Are you still there?');
    await page.keyboard.press('Enter');
    const failed = page.locator('[data-testid=pending].failed', { hasText: 'Are you still there?' });
    await failed.waitFor();
    expect(await failed.locator('[role=alert]').textContent()).to.match(/Not sent: .+Retry/);
    expect(await scene.db.models.Message.count({ where: { chat_id: chatId, body: 'Are you still there?' } })).to.equal(0);
  });
});
