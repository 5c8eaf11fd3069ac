import { expect } from 'chai';
import { artifactPath } from '../../helpers/browser.js';
import { csvOf, xlsxOf } from '../../integration/history/exportFiles.js';
import { signInAs } from './helpers.js';
import { downloadOf, expectedIds, shownIds, waitForRows, withHistoryPage } from './historyPage.js';

/**
 * The History page in Chromium: every filter, the URL holding them (reload, pasted link), search
 * with a filter, an agent kept to his websites, the CSV and Excel exports read back against SQL.
 */
describe('dashboard chat history page in Chromium [sqlite]', function () {
  this.timeout(120_000);
  const world = withHistoryPage();
  const { scene, holder } = world;

  it('lists the agent’s websites only, newest first, and never another website’s chat', async () => {
    const page = world.alex.page;
    await page.click('.topnav >> text=History');
    await page.waitForURL(/\/history$/);
    await waitForRows(page, await expectedIds(scene, 'c.client_id = ?', [world.s.siteA]));
    expect(await page.locator('main.history').textContent()).to.not.include('Zed Secret');
    // Not even when the link names the other website, a chat id or its words.
    await page.goto(`/history?clientIds=${world.s.siteB}`);
    await page.waitForSelector('.empty');
    expect(await shownIds(page)).to.deep.equal([]);
    await page.goto('/history?q=hunter2');
    await page.waitForSelector('.empty');
    expect(await page.locator('main.history').textContent()).to.not.include('Zed');
    await page.screenshot({ path: artifactPath('dashboard-history-empty-1280x800.png') });
  });

  it('applies each filter, writes it to the URL, keeps it on reload and applies a pasted link', async () => {
    const page = world.alex.page;
    await page.goto('/history');
    await waitForRows(page, await expectedIds(scene, 'c.client_id = ?', [world.s.siteA]));

    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'closed' }).click();
    await page.getByRole('group', { name: 'Rating' }).getByRole('button', { name: '5★' }).click();
    await page.waitForURL(/status=closed/);
    await page.waitForURL(/rating=5/);
    const closedFive = await expectedIds(scene, "c.client_id = ? AND c.status = 'closed' AND c.rating = 5", [world.s.siteA]);
    expect(closedFive).to.deep.equal([world.s.zebra]);
    await waitForRows(page, closedFive);

    await page.reload();
    await waitForRows(page, closedFive, 'the rows after a reload');
    expect(await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'closed' }).getAttribute('aria-pressed')).to.equal('true');
    expect(await page.getByRole('group', { name: 'Rating' }).getByRole('button', { name: '5★' }).getAttribute('aria-pressed')).to.equal('true');

    // Lead status, files, agent and a custom date range, each from a pasted link (the Analytics page builds these).
    await page.goto('/history?lead=offline');
    await waitForRows(page, await expectedIds(scene, "c.client_id = ? AND c.status = 'offline'", [world.s.siteA]));
    await page.goto('/history?hasFiles=true');
    await waitForRows(page, await expectedIds(scene, "c.client_id = ? AND EXISTS (SELECT 1 FROM messages f WHERE f.chat_id = c.id AND f.message_type = 'file')", [world.s.siteA]));
    expect(await page.getByLabel('Files').inputValue()).to.equal('true');
    await page.goto('/history');
    await page.getByLabel('Agent').selectOption({ label: 'Ann' });
    await page.waitForURL(new RegExp(`agent=${world.s.ann}`));
    await waitForRows(page, [world.s.formula]);
    await page.getByLabel('Agent').selectOption('unassigned');
    await waitForRows(page, await expectedIds(scene, 'c.client_id = ? AND NOT EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = c.id)', [world.s.siteA]));
    await page.getByLabel('Agent').selectOption('');

    // A preset is local days up to the end of today, as instants in the URL.
    await page.getByLabel('Date range').selectOption('90');
    const today = new Date();
    const ninety = { from: new Date(today.getFullYear(), today.getMonth(), today.getDate() - 89), to: new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1) };
    await page.waitForURL((url) => url.searchParams.get('from') === ninety.from.toISOString() && url.searchParams.get('to') === ninety.to.toISOString());
    await waitForRows(page, await expectedIds(scene, 'c.client_id = ? AND c.started_at >= ? AND c.started_at < ?', [world.s.siteA, ninety.from, ninety.to]), 'the last 90 days');

    await page.getByLabel('Date range').selectOption('custom');
    await page.getByLabel('From day').fill('2026-10-11');
    await page.getByLabel('To day').fill('2026-10-13');
    const from = new Date(2026, 9, 11);
    const to = new Date(2026, 9, 14);
    await page.waitForURL((url) => url.searchParams.get('from') === from.toISOString() && url.searchParams.get('to') === to.toISOString());
    const inRange = await expectedIds(scene, 'c.client_id = ? AND c.started_at >= ? AND c.started_at < ?', [world.s.siteA, from, to]);
    expect(inRange.length).to.equal(4);
    await waitForRows(page, inRange);
    const link = page.url();
    const other = await holder.browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: scene.server.baseUrl, storageState: await world.alex.context.storageState() });
    const pasted = await other.newPage();
    await pasted.goto(link);
    await waitForRows(pasted, inRange, 'the rows of a pasted link');
    expect(await pasted.getByLabel('From day').inputValue()).to.equal('2026-10-11');
    expect(await pasted.getByLabel('To day').inputValue()).to.equal('2026-10-13');
    await other.close();
  });

  it('combines the search with the filters, and opens a chat’s transcript from its row', async () => {
    const page = world.alex.page;
    await page.goto('/history');
    await page.getByLabel('Search the history').fill('ship');
    await page.waitForURL(/q=ship/);
    await waitForRows(page, [world.s.formula, world.s.zebra], 'both chats about shipping');
    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'closed' }).click();
    await waitForRows(page, [world.s.zebra], 'the closed chat about shipping');
    expect(new URL(page.url()).searchParams.get('status')).to.equal('closed');
    await page.screenshot({ path: artifactPath('dashboard-history-1280x800.png') });

    await page.click(`.row[data-chat-id="${world.s.zebra}"]`);
    await page.waitForSelector('text=Do you ship zebras to Norway?');
    await page.goBack();
    await waitForRows(page, [world.s.zebra], 'the same filters after going back');
  });

  it('downloads the filtered history as CSV and as Excel, each row as the database has it', async () => {
    const page = world.alex.page;
    await page.goto(`/history?status=closed`);
    const closed = await expectedIds(scene, "c.client_id = ? AND c.status = 'closed'", [world.s.siteA]);
    await waitForRows(page, closed);

    const csv = await downloadOf(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
    expect(csv.name).to.match(/^chat-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = csvOf(csv.body);
    expect(rows.map((r) => Number(r['Chat ID']))).to.deep.equal(closed);
    expect(rows.find((r) => Number(r['Chat ID']) === world.s.zebra)).to.deep.include({ Website: 'Site A', 'Visitor name': 'Vera Zebra', Rating: '5', Agents: 'Alex', Messages: '3' });
    expect(csv.body.toString()).to.not.include('Zed Secret');

    await page.getByLabel('Include messages').check();
    const xlsx = await downloadOf(page, () => page.getByRole('button', { name: 'Export Excel' }).click());
    expect(xlsx.name).to.match(/\.xlsx$/);
    const book = await xlsxOf(xlsx.body);
    expect(book.filter((r) => r.Row === 'chat').map((r) => Number(r['Chat ID']))).to.deep.equal(closed);
    const zebraMessages = book.filter((r) => r.Row === 'message' && Number(r['Chat ID']) === world.s.zebra).map((r) => r.Message);
    expect(zebraMessages).to.include('Do you ship zebras to Norway?');
  });

  it('fits a phone: filters, rows and export buttons at 390x844', async () => {
    const phone = await holder.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, baseURL: scene.server.baseUrl, storageState: await world.alex.context.storageState() });
    const page = await phone.newPage();
    await page.goto('/history');
    await waitForRows(page, await expectedIds(scene, 'c.client_id = ?', [world.s.siteA]));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'no sideways scrolling').to.be.at.most(0);
    await page.screenshot({ path: artifactPath('dashboard-history-390x844.png') });
    // The filters fold under one button on a phone; opened, they work as on a desktop.
    expect(await page.getByLabel('Agent').isVisible()).to.equal(false);
    await page.getByRole('button', { name: 'Filters' }).click();
    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'offline' }).click();
    await waitForRows(page, await expectedIds(scene, "c.client_id = ? AND c.status = 'offline'", [world.s.siteA]));
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).to.be.at.most(0);
    await page.screenshot({ path: artifactPath('dashboard-history-filters-390x844.png') });
    await phone.close();
  });

  it('shows a manager every website, and narrows to the ones ticked', async () => {
    const boss = await signInAs(holder.browser, scene.server.baseUrl, 'boss@a.test', { width: 1280, height: 800 });
    const page = boss.page;
    await page.goto('/history');
    await waitForRows(page, await expectedIds(scene, 'c.client_id IN (?, ?)', [world.s.siteA, world.s.siteB]));
    await page.locator('.pick summary').click();
    await page.getByLabel('Site B').check();
    await page.waitForURL(new RegExp(`clientIds=${world.s.siteB}`));
    await waitForRows(page, [world.s.secret]);
    await page.getByLabel('Site A').check();
    await waitForRows(page, await expectedIds(scene, 'c.client_id IN (?, ?)', [world.s.siteA, world.s.siteB]), 'both websites ticked');
    expect(await page.locator('.pick summary').textContent()).to.equal('2 websites');
    await boss.context.close();
  });

  it('says what is wrong with a bad link, and shows no chats for it', async () => {
    const page = world.alex.page;
    await page.goto('/history?rating=9');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.match(/rating.*1 to 5 or none/i);
    expect(await shownIds(page)).to.deep.equal([]);
    // Clearing the bad filter brings the list back.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await waitForRows(page, await expectedIds(scene, 'c.client_id = ?', [world.s.siteA]));
    expect(await page.getByRole('alert').count()).to.equal(0);
  });

  it('loads the next page as the end of the list scrolls into view, and stops at the last chat', async () => {
    const { f } = scene;
    for (let i = 0; i < 55; i++) {
      const v = await f.visitor(world.s.siteA, { name: `Older ${i}` });
      await f.chat(world.s.siteA, v.id, { status: 'closed', started_at: new Date(Date.UTC(2026, 8, 1, 12, i)), ended_at: new Date(Date.UTC(2026, 8, 1, 13, i)) });
    }
    const all = await expectedIds(scene, 'c.client_id = ?', [world.s.siteA]);
    expect(all.length).to.be.greaterThan(50);
    const page = world.alex.page;
    await page.goto('/history');
    await waitForRows(page, all.slice(0, 50), 'the first page');
    await page.locator('.end').scrollIntoViewIfNeeded();
    await waitForRows(page, all, 'every chat after scrolling');
    expect(await page.locator('.end').textContent()).to.include(`(${all.length})`);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).to.equal(0);
  });
});
