import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser } from '../../helpers/browser.js';
import { signInAs } from './helpers.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';

/**
 * Long lists stay smooth: 400 open chats render only the rows in view, and 120 closed chats come
 * 50 at a time as the list scrolls.
 */
describe('dashboard long lists in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const scene = withServer('sqlite');
  const holder = withBrowser();

  let widgetKey: string;
  let longChat: { id: number; visitorKey: string };

  before(async () => {
    const site = await scene.f.client({ name: 'Busy Site' });
    widgetKey = site.widget_key;
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

  before(async () => {
    // One active chat with a long history, started an hour before the others.
    const site = (await scene.db.models.Client.findOne({ where: { name: 'Busy Site' } }))!;
    const visitor = await scene.f.visitor(site.id, { name: 'Aaron Long' });
    const chat = await scene.f.chat(site.id, visitor.id, { status: 'active', started_at: new Date(Date.now() - 7200_000) });
    await scene.db.models.Message.bulkCreate(Array.from({ length: 150 }, (_, i) => ({ chat_id: chat.id, seq: i + 1, sender_type: 'visitor' as const, body: `line ${i + 1}` })));
    await chat.update({ last_seq: 150 });
    longChat = { id: chat.id, visitorKey: visitor.visitor_key };
  });

  it('opens a long chat on its latest messages, loads earlier ones on demand, and flags new ones below', async () => {
    const bea = await signInAs(holder.browser, scene.server.baseUrl, 'bea@example.test');
    try {
      // The address a push notification opens: the dashboard on that chat.
      await bea.page.goto(`/?chat=${longChat.id}`);
      await bea.page.waitForSelector('.msg >> text=line 150');
      expect(await bea.page.locator('.msg.visitor').count()).to.equal(100);
      expect(await bea.page.locator('.msg.visitor .text').first().textContent()).to.equal('line 51');
      await bea.page.click('button.earlier');
      await bea.page.waitForSelector('.msg >> text="line 1"');
      expect(await bea.page.locator('.msg.visitor').count()).to.equal(150);
      expect(await bea.page.locator('button.earlier').count(), 'the start is reached').to.equal(0);
      expect(await bea.page.locator('.new-below').count(), 'earlier messages are not new').to.equal(0);

      await bea.page.locator('.messages').evaluate((el) => (el.scrollTop = 0));
      const { socket } = await connectVisitor(scene.server.baseUrl, widgetKey, 'https://example.test', longChat.visitorKey);
      const sent = await socket.request({ type: 'message.send', chatId: longChat.id, clientMsgId: newMsgId(), body: 'line 151' });
      socket.close();
      expect(sent.ok, JSON.stringify(sent)).to.equal(true);
      const pill = bea.page.locator('.new-below');
      await pill.waitFor();
      expect(await pill.textContent()).to.include('1 new message');
      await pill.click();
      await bea.page.waitForSelector('.new-below', { state: 'detached' });
    } finally {
      await bea.context.close();
    }
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

      // Searching the closed chats starts the list again with the matches only.
      await bea.page.getByLabel('Search closed chats').fill('Visitor 45');
      await bea.page.waitForFunction(() => document.querySelectorAll('.chatitem').length === 10);
      const found = await bea.page.locator('.chatitem .visitor-name').allTextContents();
      expect(found).to.deep.equal(Array.from({ length: 10 }, (_, i) => `Visitor ${459 - i}`));
    } finally {
      await bea.context.close();
    }
  });
});
