import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser, artifactPath } from '../../helpers/browser.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { connectAgent } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { signInAs, type AgentPage } from './helpers.js';

/**
 * The dashboard's main journey in a real Chromium: two agents of one website in two browser
 * contexts, a visitor on the realtime API. The visitor opens a chat, agent A is alerted and joins,
 * B joins, the visitor sees both names, A writes an internal note the visitor never gets, A hands
 * the chat to B and leaves, B closes it. An agent of another website never sees it; a manager
 * reads it and cannot write.
 */
describe('dashboard journey in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const scene = withServer('sqlite');
  const holder = withBrowser();
  let widgetKey: string;
  let visitor: TestSocket;
  let a: AgentPage;
  let b: AgentPage;
  let other: AgentPage;
  let chatId: number;
  const sockets: TestSocket[] = [];

  before(async () => {
    const site = await scene.f.client({ name: 'Acme Shoes', domains: ['example.test'] });
    const otherSite = await scene.f.client({ name: 'Other Co', domains: ['other.test'] });
    widgetKey = site.widget_key;
    await scene.f.user('agent', { email: 'ann@example.test', pseudo_name: 'Ann', name: 'Ann Agent' }, [site.id]);
    await scene.f.user('agent', { email: 'ben@example.test', pseudo_name: 'Ben', name: 'Ben Agent' }, [site.id]);
    await scene.f.user('agent', { email: 'oscar@example.test', pseudo_name: 'Oscar', name: 'Oscar Other' }, [otherSite.id]);
    await scene.f.user('manager', { email: 'mia@example.test', pseudo_name: 'Mia', name: 'Mia Manager' });
    a = await signInAs(holder.browser, scene.server.baseUrl, 'ann@example.test');
    b = await signInAs(holder.browser, scene.server.baseUrl, 'ben@example.test');
    other = await signInAs(holder.browser, scene.server.baseUrl, 'oscar@example.test');
    // Signed in, the agents are online (their dashboards' sockets), so the chat will wait for them.
    await a.page.waitForFunction(() => document.querySelector('.status.online.on'));
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    for (const p of [a, b, other]) await p?.context.close();
  });

  it('alerts agent A of a new waiting chat: ring, desktop notification, bell count, title and a flashing entry', async () => {
    await a.page.evaluate(() => ((window as unknown as { __hidden: boolean }).__hidden = true));
    const v = await connectVisitor(scene.server.baseUrl, widgetKey);
    visitor = v.socket;
    sockets.push(visitor);
    const started = await visitor.request({ type: 'chat.start', lead: { name: 'Vera Visitor', email: 'vera@example.test', phone: '+1 555 0100' }, message: 'Do you have these in size 44?', clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    expect(started.chat.status).to.equal('waiting');
    chatId = started.chat.id;

    const item = a.page.locator(`.chatitem[data-chat-id="${chatId}"]`);
    await item.waitFor();
    expect(await item.getAttribute('class')).to.include('status-waiting');
    expect(await item.getAttribute('class')).to.include('flash');
    expect(await item.locator('.visitor-name').textContent()).to.equal('Vera Visitor');
    expect(await item.locator('.client').textContent()).to.equal('Acme Shoes');
    await a.page.locator('.toast', { hasText: 'Vera Visitor on Acme Shoes' }).waitFor();
    await a.page.waitForFunction(() => document.querySelector('[data-testid=bell-count]')?.textContent === '1');
    const alerts = await a.alerts();
    expect(alerts).to.deep.include({ kind: 'sound', tone: 'ring' });
    expect(alerts).to.deep.include({ kind: 'desktop', title: 'New chat waiting', body: 'Vera Visitor on Acme Shoes' });
    expect(await a.page.title()).to.match(/^\(\d+\) livechat$/);
    // The wait time ticks.
    const first = await item.locator('.wait').textContent();
    // (The list's clock ticks each second; two seconds on, the shown wait is always later.)
    await a.page.waitForTimeout(2200);
    expect(await item.locator('.wait').textContent()).to.not.equal(first);
    await a.page.evaluate(() => ((window as unknown as { __hidden: boolean }).__hidden = false));
  });

  it('never shows that chat to an agent of another website', async () => {
    await b.page.locator(`.chatitem[data-chat-id="${chatId}"]`).waitFor();
    expect(await other.page.locator('.chatitem').count()).to.equal(0);
    expect(await other.page.locator('[data-testid=bell-count]').count()).to.equal(0);
    const res = await other.page.evaluate((id) => fetch(`/api/chats/${id}/messages`).then((r) => r.status), chatId);
    expect(res).to.equal(404);
  });

  it('lets A then B join; the visitor sees both names as system messages', async () => {
    await a.page.click(`.chatitem[data-chat-id="${chatId}"]`);
    await a.page.waitForSelector('.msg.visitor >> text=Do you have these in size 44?');
    await a.page.click('button.join');
    await a.page.waitForSelector('[data-testid=composer]');
    await b.page.click(`.chatitem[data-chat-id="${chatId}"]`);
    await b.page.click('button.join');
    await b.page.waitForSelector('[data-testid=composer]');
    const annJoined = await visitor.event('message.created', (e) => e.message.type === 'system' && e.message.body === 'Ann joined the chat');
    const benJoined = await visitor.event('message.created', (e) => e.message.type === 'system' && e.message.body === 'Ben joined the chat');
    expect(benJoined.message.seq).to.be.greaterThan(annJoined.message.seq);
    await a.page.waitForSelector('.msg.system >> text=Ben joined the chat');
    expect(await a.page.locator('.chat-head .chip').allTextContents()).to.deep.equal(['Ann', 'Ben']);
  });

  it('shows typing both ways (the visitor’s live draft to agents), and a reply from A with its name and ticks', async () => {
    visitor.send({ type: 'typing', chatId, isTyping: true, draft: 'Also in bl' });
    await a.page.waitForSelector('[data-testid=visitor-typing] >> text=Also in bl');
    await a.page.fill('[data-testid=composer]', 'Yes, we have size 44.');
    const agentTyping = await visitor.event('typing', (e) => e.from === 'agent' && e.isTyping);
    expect(agentTyping.agent.pseudoName).to.equal('Ann');
    expect(agentTyping.draft, 'agents’ drafts stay with the agents').to.equal(null);
    await a.page.click('[data-testid=send]');
    const reply = await visitor.event('message.created', (e) => e.message.body === 'Yes, we have size 44.');
    expect(reply.message).to.include({ senderType: 'agent', senderName: 'Ann', internal: false });
    const mine = a.page.locator('.msg.agent', { hasText: 'Yes, we have size 44.' });
    await mine.waitFor();
    expect(await mine.locator('.sender').count(), 'no name on one’s own messages').to.equal(0);
    expect(await mine.locator('.ticks').textContent()).to.equal('✓');
    await visitor.request({ type: 'read', chatId, seq: reply.message.seq });
    await a.page.waitForSelector('.msg.agent .ticks.read');
    // B sees A's message with A's colour, not B's.
    const onB = b.page.locator('.msg.agent', { hasText: 'Yes, we have size 44.' });
    await onB.waitFor();
    expect(await onB.locator('.sender').textContent()).to.equal('Ann');
  });

  it('keeps A’s internal note from the visitor while B sees it, styled apart', async () => {
    await a.page.check('[data-testid=internal-toggle]');
    await a.page.fill('[data-testid=composer]', 'Ben, she is a VIP customer');
    await a.page.click('[data-testid=send]');
    const note = b.page.locator('.msg.internal', { hasText: 'Ben, she is a VIP customer' });
    await note.waitFor();
    expect(await note.getAttribute('data-kind')).to.equal('note');
    await a.page.uncheck('[data-testid=internal-toggle]');
    await a.page.fill('[data-testid=composer]', 'Anything else?');
    await a.page.click('[data-testid=send]');
    await visitor.event('message.created', (e) => e.message.body === 'Anything else?');
    expect(visitor.events.some((e) => JSON.stringify(e).includes('VIP'))).to.equal(false);
  });

  it('hands the chat from A to B (leave): B is notified, A is out, the visitor is told', async () => {
    await a.page.click('[data-testid=transfer]');
    await a.page.locator('.modal label', { hasText: 'Ben' }).click();
    await a.page.fill('.modal input[placeholder^="e.g."]', 'sizes are Ben’s thing');
    await a.page.click('[data-testid=transfer-leave]');
    await visitor.event('message.created', (e) => e.message.type === 'system' && e.message.body === "You've been transferred to Ben");
    await a.page.waitForSelector('button.join');
    expect(await a.page.locator('.chat-head .chip').allTextContents()).to.deep.equal(['Ben']);
    await b.page.click('[data-testid=bell]');
    await b.page.locator('.notification', { hasText: 'Chat transferred to you by Ann: sizes are Ben’s thing' }).waitFor();
    // B has that chat open: neither the transfer nor the chat's first ring counts on the bell.
    expect(await b.page.locator('[data-testid=bell-count]').count()).to.equal(0);
    await b.page.click('[data-testid=bell]');
  });

  it('shows a manager the chat read-only, and the socket refuses the manager’s writes', async () => {
    const mia = await signInAs(holder.browser, scene.server.baseUrl, 'mia@example.test');
    try {
      await mia.page.click(`.chatitem[data-chat-id="${chatId}"]`);
      await mia.page.waitForSelector('[data-testid=read-only]');
      expect(await mia.page.locator('[data-testid=composer]').count()).to.equal(0);
      expect(await mia.page.locator('button.join').count()).to.equal(0);
      const api = await signedIn(scene.server.baseUrl, 'mia@example.test', TEST_PASSWORD);
      const socket = await connectAgent(scene.server.baseUrl, api.cookie!);
      sockets.push(socket);
      const join = await socket.request({ type: 'chat.join', chatId });
      expect(join.ok).to.equal(false);
      expect(join.error.code).to.equal('forbidden');
      const send = await socket.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'I should not be here' });
      expect(send.ok).to.equal(false);
      const proactive = await api.post(`/api/visitors/${(await scene.db.models.Chat.findByPk(chatId))!.visitor_id}/chat`, { body: 'Hi' });
      expect(proactive.status).to.equal(403);
    } finally {
      await mia.context.close();
    }
  });

  it('lets B close the chat: the visitor gets chat.closed and it moves to Closed', async () => {
    await b.page.click(`.chatitem[data-chat-id="${chatId}"]`);
    await b.page.screenshot({ path: artifactPath('dashboard-workspace-1440x900.png') });
    b.page.once('dialog', (d) => void d.accept());
    await b.page.click('[data-testid=end-chat]');
    await visitor.event('chat.closed', (e) => e.chatId === chatId);
    await b.page.waitForSelector('.chat-foot >> text=This chat is closed.');
    expect(await b.page.locator(`.chatitem[data-chat-id="${chatId}"]`).count()).to.equal(0);
    await b.page.click('.list-tabs button:has-text("Closed")');
    await b.page.locator(`.chatitem[data-chat-id="${chatId}"]`).waitFor();
  });

  it('works on a phone: one column, bottom navigation, full-screen chat, swipe for quick actions, 44 px targets', async () => {
    const phone = await signInAs(holder.browser, scene.server.baseUrl, 'ben@example.test', { width: 390, height: 844 }, true);
    try {
      const v = await connectVisitor(scene.server.baseUrl, widgetKey);
      sockets.push(v.socket);
      await v.socket.request({ type: 'chat.start', lead: { name: 'Walt Mobile', email: 'walt@example.test', phone: '+1 555 0101' }, message: 'Hello from my phone', clientMsgId: newMsgId() });
      await phone.page.locator('.chatitem', { hasText: 'Walt Mobile' }).waitFor();
      expect(await phone.page.locator('.bottomnav').isVisible()).to.equal(true);
      const navHeights = await phone.page.locator('.bottomnav a').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      expect(Math.min(...navHeights)).to.be.at.least(44);
      expect((await phone.page.locator('.chatitem').first().boundingBox())!.height).to.be.at.least(44);
      await phone.page.screenshot({ path: artifactPath('dashboard-workspace-390x844.png') });
      await phone.page.locator('.chatitem', { hasText: 'Walt Mobile' }).click();
      await phone.page.waitForSelector('.chatpane');
      expect(await phone.page.locator('.chatlist').isVisible()).to.equal(false);
      const join = await phone.page.locator('button.join').boundingBox();
      expect(join!.height).to.be.at.least(44);
      await phone.page.locator('button.join').tap();
      await phone.page.waitForSelector('[data-testid=composer]');
      // News in another of Ben's chats while this one fills the screen: a floating pill says so.
      const x = await connectVisitor(scene.server.baseUrl, widgetKey);
      sockets.push(x.socket);
      const other = await x.socket.request({ type: 'chat.start', lead: { name: 'Xena Other', email: 'xena@example.test', phone: '+1 555 0102' }, message: 'First', clientMsgId: newMsgId() });
      const benSocket = await connectAgent(scene.server.baseUrl, (await signedIn(scene.server.baseUrl, 'ben@example.test', TEST_PASSWORD)).cookie!);
      sockets.push(benSocket);
      expect((await benSocket.request({ type: 'chat.join', chatId: other.chat.id })).ok).to.equal(true);
      await x.socket.request({ type: 'message.send', chatId: other.chat.id, clientMsgId: newMsgId(), body: 'Are you there?' });
      const pill = phone.page.locator('[data-testid=elsewhere]');
      await pill.waitFor();
      expect(await pill.textContent(), 'both of Xena’s messages are unread').to.include('2 new in other chats');
      expect((await pill.boundingBox())!.height).to.be.at.least(44);
      await phone.page.screenshot({ path: artifactPath('dashboard-chat-390x844.png') });
      // Back to the list, then swipe the chat left for its quick actions.
      await phone.page.locator('.chat-head .back').tap();
      const item = phone.page.locator('.chatitem', { hasText: 'Walt Mobile' });
      const box = (await item.boundingBox())!;
      const at = (x: number) => [{ identifier: 1, clientX: x, clientY: box.y + box.height / 2 }];
      await item.dispatchEvent('touchstart', { touches: at(box.x + 300), changedTouches: at(box.x + 300) });
      await item.dispatchEvent('touchmove', { touches: at(box.x + 120), changedTouches: at(box.x + 120) });
      await item.dispatchEvent('touchend', { touches: [], changedTouches: at(box.x + 120) });
      await phone.page.waitForFunction(() => [...document.querySelectorAll('.chatitem')].some((el) => (el as HTMLElement).style.transform === 'translateX(-160px)'));
      const transfer = phone.page.locator('.chatitem-wrap', { hasText: 'Walt Mobile' }).locator('.swipe-actions button:has-text("Transfer")');
      expect((await transfer.boundingBox())!.height).to.be.at.least(44);
      await transfer.tap();
      await phone.page.waitForSelector('.modal >> text=Transfer chat');
    } finally {
      await phone.context.close();
    }
  });
});
