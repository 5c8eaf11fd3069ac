import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { withServer } from '../../helpers/scene.js';
import { withBrowser, artifactPath } from '../../helpers/browser.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { signInAs, type AgentPage } from './helpers.js';

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const boxOf = async (page: Page, selector: string) => {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not shown`);
  return box;
};

/**
 * The dashboard on a phone (390x844) and a laptop (1280x800): a way to sign out, a header whose
 * parts do not squeeze each other, and a new-chat toast that leaves the list's tabs and search
 * usable. Screenshots of both sizes are kept as test artifacts.
 */
describe('dashboard on a phone and a laptop, in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const scene = withServer('sqlite');
  const holder = withBrowser();
  const sockets: TestSocket[] = [];
  let phone: AgentPage;
  let laptop: AgentPage;
  let widgetKey: string;

  before(async () => {
    const site = await scene.f.client({ name: 'Acme Shoes', domains: ['example.test'] });
    widgetKey = site.widget_key;
    await scene.f.user('agent', { email: 'ann@example.test', pseudo_name: 'Annabelle', name: 'Annabelle Agent' }, [site.id]);
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await phone?.context.close();
    await laptop?.context.close();
  });

  const newChat = async (name: string) => {
    const { socket } = await connectVisitor(scene.server.baseUrl, widgetKey);
    sockets.push(socket);
    const started = await socket.request({ type: 'chat.start', lead: { name, email: 'v@example.test', phone: '+1 555 0100' }, message: 'Do you have these in size 44?', clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    return { socket, chatId: started.chat.id as number };
  };

  it('keeps the phone header in one uncramped row and the new-chat toast off the tabs and the search', async () => {
    phone = await signInAs(holder.browser, scene.server.baseUrl, 'ann@example.test', { width: 390, height: 844 }, true);
    const page = phone.page;
    await page.waitForFunction(() => document.querySelector('.status.online.on'));
    const header = await Promise.all(['.topbar .logo', '.status-switch', '[data-testid=bell]', '[data-testid=account-menu]'].map((sel) => boxOf(page, sel)));
    for (const [i, box] of header.entries()) {
      expect(Math.abs(box.y + box.height / 2 - (header[0].y + header[0].height / 2)), `header part ${i} is on the first row`).to.be.below(6);
      expect(box.height, `header part ${i} is tappable`).to.be.at.least(28);
      for (const other of header.slice(i + 1)) expect(overlaps(box, other), `header parts ${i} and the next do not overlap`).to.equal(false);
    }
    const search = await boxOf(page, '.topbar .search input');
    expect(search.y, 'the search has its own row').to.be.at.least(header[0].y + header[0].height);
    expect(search.width, 'the search is wide enough to type in').to.be.at.least(340);

    await newChat('Sam Shoes');
    const toast = page.locator('.toast', { hasText: 'Sam Shoes on Acme Shoes' });
    await toast.waitFor();
    const toastBox = (await toast.boundingBox())!;
    for (const sel of ['.topbar', '.list-tabs', '.topbar .search input', '.quick']) expect(overlaps(toastBox, await boxOf(page, sel)), `the toast leaves ${sel} free`).to.equal(false);
    await page.screenshot({ path: artifactPath('dashboard-workspace-390x844.png') });

    // The toast opens the chat; the chat fills the phone, the toast of the next chat sits above the composer.
    await toast.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('button', { name: 'Join chat' }).click();
    await page.locator('[data-testid=composer]').waitFor();
    await newChat('Bea Boots');
    const next = page.locator('.toast', { hasText: 'Bea Boots on Acme Shoes' });
    await next.waitFor();
    for (const sel of ['.chat-head', '[data-testid=composer]']) expect(overlaps((await next.boundingBox())!, await boxOf(page, sel)), `the toast leaves ${sel} free`).to.equal(false);
    await page.screenshot({ path: artifactPath('dashboard-chat-390x844.png') });
  });

  it('signs out on a phone from the account menu', async () => {
    const page = phone.page;
    await page.getByRole('button', { name: 'Your account' }).click();
    const menu = page.getByRole('menu');
    expect(await menu.textContent()).to.include('ann@example.test');
    await page.screenshot({ path: artifactPath('dashboard-account-menu-390x844.png') });
    await menu.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    const me = await page.evaluate(() => fetch('/api/auth/me').then((r) => r.status));
    expect(me, 'the session ended').to.equal(401);
  });

  it('shows the workspace at 1280x800 with the same menu', async () => {
    laptop = await signInAs(holder.browser, scene.server.baseUrl, 'ann@example.test', { width: 1280, height: 800 });
    const page = laptop.page;
    const chat = page.locator('.chatitem', { hasText: 'Sam Shoes' });
    await chat.click();
    await page.locator('.msg', { hasText: 'Do you have these in size 44?' }).waitFor();
    await page.fill('[data-testid=composer]', 'Yes, we have them in black and brown.');
    await page.keyboard.press('Enter');
    await page.locator('.msg.agent:not(.pending)', { hasText: 'in black and brown' }).waitFor();
    await newChat('Cy Cobbler');
    const toast = page.locator('.toast', { hasText: 'Cy Cobbler on Acme Shoes' });
    await toast.waitFor();
    for (const sel of ['[data-testid=composer]', '[data-testid=send]', '.topbar', '.sidebar']) expect(overlaps((await toast.boundingBox())!, await boxOf(page, sel)), `the toast leaves ${sel} free`).to.equal(false);
    await page.screenshot({ path: artifactPath('dashboard-workspace-1280x800.png') });
    await page.getByRole('button', { name: 'Your account' }).click();
    expect(await page.getByRole('menuitem', { name: 'Sign out' }).isVisible()).to.equal(true);
  });
});
