import { expect } from 'chai';
import sharp from 'sharp';
import { withServer } from '../../helpers/scene.js';
import { withBrowser, artifactPath } from '../../helpers/browser.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { signInAs, type AgentPage } from './helpers.js';
import { waitFor, waitForValue } from '../../helpers/wait.js';

/**
 * The workspace's tools in Chromium: saved replies with `/`, the top bar's search, several chats
 * open at once without refetching, the soft tone for a new message, files with a preview, the live
 * visitors page with "Start chat", and the admin screens only a super admin gets.
 */
describe('dashboard tools in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const scene = withServer('sqlite');
  const holder = withBrowser();
  let widgetKey: string;
  let clientId: number;
  let ann: AgentPage;
  const sockets: TestSocket[] = [];
  const chats: { id: number; visitor: TestSocket }[] = [];

  const startChat = async (name: string, message: string) => {
    const { socket, session } = await connectVisitor(scene.server.baseUrl, widgetKey);
    sockets.push(socket);
    const started = await socket.request({ type: 'chat.start', lead: { name, email: `${name.split(' ')[0].toLowerCase()}@example.test`, phone: '+1 555 0100' }, message, clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    chats.push({ id: started.chat.id, visitor: socket });
    return { chatId: started.chat.id as number, socket, visitorId: session.visitorId };
  };

  before(async () => {
    const site = await scene.f.client({ name: 'Acme Shoes', domains: ['example.test'] });
    widgetKey = site.widget_key;
    clientId = site.id;
    const annRow = await scene.f.user('agent', { email: 'ann@example.test', pseudo_name: 'Ann' }, [site.id]);
    await scene.f.user('super_admin', { email: 'root@example.test', pseudo_name: 'Root' });
    await scene.db.models.CannedResponse.create({ client_id: site.id, shortcut: 'shipping', title: 'Shipping times', body: 'We ship within 2 working days.', created_by: annRow.id });
    await scene.db.models.CannedResponse.create({ client_id: null, shortcut: 'hello', title: 'Greeting', body: 'Hello! How can I help?', created_by: null });
    ann = await signInAs(holder.browser, scene.server.baseUrl, 'ann@example.test');
    await ann.page.waitForFunction(() => document.querySelector('.status.online.on'));
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await ann?.context.close();
  });

  it('inserts a saved reply found by typing /, and sends it', async () => {
    const { chatId, socket } = await startChat('Vera Visitor', 'How long does shipping take?');
    await ann.page.click(`.chatitem[data-chat-id="${chatId}"]`);
    await ann.page.click('button.join');
    await ann.page.fill('[data-testid=composer]', '/shi');
    await ann.page.locator('[data-testid=composer]').dispatchEvent('input');
    const option = ann.page.locator('.canned li', { hasText: '/shipping' });
    await option.waitFor();
    expect(await ann.page.locator('.canned li').count(), 'only matching replies').to.equal(1);
    await ann.page.press('[data-testid=composer]', 'Enter');
    expect(await ann.page.inputValue('[data-testid=composer]')).to.equal('We ship within 2 working days.');
    await ann.page.press('[data-testid=composer]', 'Enter');
    const sent = await socket.event('message.created', (e) => e.message.senderType === 'agent' && e.message.type === 'text');
    expect(sent.message.body).to.equal('We ship within 2 working days.');
  });

  it('keeps several chats open and switches between them without fetching again', async () => {
    const first = chats[0].id;
    const { chatId: second } = await startChat('Walt Walker', 'Second question');
    const fetched: string[] = [];
    ann.page.on('request', (r) => {
      if (/\/api\/chats\/\d+\/(messages|context)/.test(r.url())) fetched.push(new URL(r.url()).pathname);
    });
    await ann.page.click(`.chatitem[data-chat-id="${second}"]`);
    await ann.page.waitForSelector('.msg.visitor >> text=Second question');
    await ann.page.click(`.open-tabs button:has-text("Vera Visitor")`);
    await ann.page.waitForSelector('.msg >> text=We ship within 2 working days.');
    await ann.page.click(`.open-tabs button:has-text("Walt Walker")`);
    await ann.page.waitForSelector('.msg.visitor >> text=Second question');
    expect(fetched.filter((p) => p.includes(`/${first}/`)), 'the first chat was loaded before').to.deep.equal([]);
    expect(fetched.filter((p) => p.includes(`/${second}/`)).sort()).to.deep.equal([`/api/chats/${second}/context`, `/api/chats/${second}/messages`]);
  });

  it('plays the soft tone and shows a desktop notification for a message in my chat while the tab is hidden, and counts it unread', async () => {
    const first = chats[0];
    await ann.page.evaluate(() => ((window as unknown as { __hidden: boolean }).__hidden = true));
    const before = (await ann.alerts()).length;
    await first.visitor.request({ type: 'message.send', chatId: first.id, clientMsgId: newMsgId(), body: 'And to Norway?' });
    await ann.page.waitForFunction((n) => (window as unknown as { __alerts: unknown[] }).__alerts.length >= n + 2, before);
    const alerts = (await ann.alerts()).slice(before);
    expect(alerts).to.deep.include({ kind: 'sound', tone: 'message' });
    expect(alerts).to.deep.include({ kind: 'desktop', title: 'Vera Visitor (Acme Shoes)', body: 'And to Norway?' });
    expect(await ann.page.locator(`.chatitem[data-chat-id="${first.id}"] [data-testid=unread]`).textContent()).to.equal('1');
    await ann.page.evaluate(() => ((window as unknown as { __hidden: boolean }).__hidden = false));
  });

  it('rings no more once the ring is turned off in the settings, while the bell still counts', async () => {
    await ann.page.click('.topnav a:has-text("Settings")');
    const ring = ann.page.locator('label.check', { hasText: 'Ring for a new waiting chat' }).locator('input');
    await ring.uncheck();
    await ann.page.screenshot({ path: artifactPath('dashboard-settings-1440x900.png') });
    const off = async () => ((await scene.db.models.User.findOne({ where: { email: 'ann@example.test' } }))!.preferences as { newChatSound?: boolean }).newChatSound === false;
    await waitFor('the sound preference saved as off', off, 3000, 50);
    // The chats opened so far took their notifications off the bell: the count may be gone.
    const bellBefore = Number((await ann.page.evaluate(() => document.querySelector('[data-testid=bell-count]')?.textContent)) ?? 0);
    const before = (await ann.alerts()).length;
    await startChat('Quiet Quinn', 'No ring please');
    await ann.page.waitForFunction((n) => document.querySelector('[data-testid=bell-count]')?.textContent === String(n + 1), bellBefore);
    expect((await ann.alerts()).slice(before).filter((a) => a.kind === 'sound')).to.deep.equal([]);
    await ring.check();
    await ann.page.click('.topnav a:has-text("Chats")');
  });

  it('filters the lists: My chats, Unassigned, Waiting', async () => {
    const names = async () => (await ann.page.locator('.chatitem .visitor-name').allTextContents()).sort();
    await ann.page.click('.quick button:has-text("My chats")');
    expect(await names()).to.deep.equal(['Vera Visitor']);
    await ann.page.click('.quick button:has-text("Unassigned")');
    expect(await names()).to.deep.equal(['Quiet Quinn', 'Walt Walker']);
    await ann.page.click('.quick button:has-text("Waiting")');
    expect(await names()).to.deep.equal(['Quiet Quinn', 'Walt Walker']);
    await ann.page.click('.quick button:has-text("All")');
    expect(await names()).to.deep.equal(['Quiet Quinn', 'Vera Visitor', 'Walt Walker']);
  });

  it('finds a visitor and a message from the top bar as you type, and opens the chat', async () => {
    await ann.page.fill('.search input', 'norw');
    const hit = ann.page.locator('.search-results button', { hasText: 'And to Norway?' });
    await hit.waitFor();
    await ann.page.fill('.search input', 'walker');
    await ann.page.locator('.search-results button', { hasText: 'Walt Walker' }).waitFor();
    await ann.page.fill('.search input', 'Vera');
    await ann.page.locator('.search-results button', { hasText: 'Vera Visitor' }).click();
    await ann.page.waitForSelector(`.chatpane[data-chat-id="${chats[0].id}"]`);
  });

  it('sends a file after showing its preview', async () => {
    const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#16a34a' } }).png().toBuffer();
    await ann.page.setInputFiles('.composer input[type=file]', { name: 'swatch.png', mimeType: 'image/png', buffer: png });
    await ann.page.waitForSelector('.attachment img');
    expect(await ann.page.locator('.attachment').textContent()).to.include('swatch.png');
    await ann.page.click('[data-testid=send]');
    const file = await chats[0].visitor.event('message.created', (e) => e.message.type === 'file');
    expect(file.message.file).to.include({ name: 'swatch.png', type: 'image/png' });
    // A picture shows as its thumbnail (the server made it at upload).
    await ann.page.waitForSelector('.msg [data-testid=thumbnail][alt="swatch.png"]');
  });

  it('lists live visitors with their page updating, and "Start chat" greets the visitor', async () => {
    const { socket, session } = await connectVisitor(scene.server.baseUrl, widgetKey);
    sockets.push(socket);
    await ann.page.click('.topnav a:has-text("Visitors")');
    const card = ann.page.locator(`.visitor-card[data-visitor-id="${session.visitorId}"]`);
    await card.waitFor();
    socket.send({ type: 'page.view', url: 'https://example.test/boots', title: 'Boots' });
    await card.locator('.url', { hasText: 'https://example.test/boots' }).waitFor();
    await ann.page.screenshot({ path: artifactPath('dashboard-visitors-1440x900.png') });
    await ann.page.click('.seg button:has-text("List")');
    await ann.page.waitForSelector('.visitor-list');
    await card.locator('input').fill('Hi! Need help finding boots?');
    await card.locator('button:has-text("Start chat")').click();
    const greeting = await socket.event('message.created', (e) => e.message.senderType === 'agent');
    expect(greeting.message).to.include({ body: 'Hi! Need help finding boots?', senderName: 'Ann' });
    await ann.page.waitForSelector('.chatpane .msg.agent >> text=Hi! Need help finding boots?');
  });

  it('keeps the agent in a chat joined while its details were still loading (an older answer does not undo the join)', async () => {
    const { chatId } = await startChat('Lena Late', 'Is anyone there?');
    // The chat's details are read on the server now, before the join, and handed to the page
    // only after the join has reached it: the answer is older than what the page already knows.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    await ann.page.route(`**/api/chats/${chatId}/context`, async (route) => {
      const response = await route.fetch();
      held = true;
      await released;
      await route.fulfill({ response });
    });
    try {
      await ann.page.click(`.chatitem[data-chat-id="${chatId}"]`);
      await ann.page.waitForFunction(() => document.querySelector('button.join'));
      await waitFor('the join request held', () => held);
      await ann.page.click('button.join');
      await ann.page.locator('[data-testid=composer]').waitFor();
      release();
      // The held answer is applied (the side panel fills in from it): the join must stand.
      await ann.page.locator('[data-testid=sb-name]', { hasText: 'Lena Late' }).waitFor();
      expect(await ann.page.locator('button.join').count(), 'the Join button came back').to.equal(0);
      expect(await ann.page.locator('[data-testid=composer]').isVisible()).to.equal(true);
      expect(await ann.page.locator('.chat-head .chip', { hasText: 'Ann' }).count()).to.equal(1);
    } finally {
      release();
      await ann.page.unroute(`**/api/chats/${chatId}/context`);
    }
  });

  it('gives the admin screens to a super admin only: a website with a live preview, and an agent', async () => {
    expect(await ann.page.locator('.topnav a:has-text("Admin")').count()).to.equal(0);
    await ann.page.goto('/admin');
    await ann.page.waitForURL((url) => url.pathname === '/');
    const root = await signInAs(holder.browser, scene.server.baseUrl, 'root@example.test');
    try {
      await root.page.click('.topnav a:has-text("Admin")');
      await root.page.fill('.grid-form input >> nth=0', 'Boot Barn');
      await root.page.fill('.grid-form input >> nth=1', 'bootbarn.example, www.bootbarn.example');
      await root.page.click('.grid-form button:has-text("Add website")');
      const row = root.page.locator('tr', { hasText: 'Boot Barn' });
      await row.waitFor();
      await row.locator('button:has-text("Edit")').click();
      await root.page.fill('.edit-client textarea >> nth=0', 'Welcome to Boot Barn!');
      // The preview is the real widget app, fed the unsaved settings.
      await root.page.frameLocator('[data-testid=widget-preview]').getByText('Welcome to Boot Barn!').first().waitFor();
      await root.page.locator('.edit-client [name=position]').selectOption('left');
      expect(await root.page.inputValue('.edit-client textarea[readonly]')).to.include('<script');
      await root.page.screenshot({ path: artifactPath('dashboard-admin-1440x900.png') });
      await root.page.locator('.edit-client').getByRole('button', { name: 'Save', exact: true }).click();
      await root.page.waitForSelector('.edit-client', { state: 'detached' });
      const saved = await scene.db.models.Client.findOne({ where: { name: 'Boot Barn' } });
      expect(saved!.widget_settings).to.include({ welcomeText: 'Welcome to Boot Barn!', position: 'left' });

      await root.page.click('.seg button:has-text("Agents")');
      const form = root.page.locator('.grid-form');
      await form.locator('input').nth(0).fill('Carl Agent');
      await form.locator('input').nth(1).fill('carl@example.test');
      await form.locator('input').nth(2).fill('Carl');
      await form.locator('input').nth(3).fill('a long enough password');
      await form.locator('button:has-text("Add agent")').click();
      await root.page.locator('tr', { hasText: 'carl@example.test' }).waitFor();
      await root.page.click('.seg button:has-text("Assignments")');
      await root.page.check(`input[aria-label="Carl answers Acme Shoes"]`);
      const carl = await scene.db.models.User.findOne({ where: { email: 'carl@example.test' } });
      await waitForValue('Carl assigned to Acme Shoes', () => scene.db.models.ClientAgent.count({ where: { user_id: carl!.id, client_id: clientId } }), 1, 3000);
    } finally {
      await root.context.close();
    }
  });
});
