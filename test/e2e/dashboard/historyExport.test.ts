import { expect } from 'chai';
import { artifactPath } from '../../helpers/browser.js';
import { csvOf, xlsxOf } from '../../integration/history/exportFiles.js';
import { downloadOf, expectedIds, waitForRows, withHistoryPage } from './historyPage.js';

/**
 * A history export too big to download directly (past exports.downloadMaxChats) runs in the
 * background from the same button: the page shows its progress, then a link to the file.
 */
describe('dashboard chat history background export in Chromium [sqlite]', function () {
  this.timeout(120_000);
  // Site A has 11 chats: past 5, the server answers 413 and the dashboard runs it in the background.
  const world = withHistoryPage({ exports: { downloadMaxChats: 5 } });
  const { scene } = world;

  it('downloads a small filtered export straight away', async () => {
    const page = world.alex.page;
    await page.goto('/history?status=offline');
    const offline = await expectedIds(scene, "c.client_id = ? AND c.status = 'offline'", [world.s.siteA]);
    await waitForRows(page, offline);
    const csv = await downloadOf(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
    expect(csvOf(csv.body).map((r) => Number(r['Chat ID']))).to.deep.equal(offline);
    expect(await page.locator('.job').count()).to.equal(0);
  });

  it('runs a big one in the background with its progress, then links the file on any page', async () => {
    const page = world.alex.page;
    await page.goto('/history');
    const all = await expectedIds(scene, 'c.client_id = ?', [world.s.siteA]);
    expect(all.length).to.be.greaterThan(5);
    await waitForRows(page, all.slice(0, 50));
    await page.getByRole('button', { name: 'Export CSV' }).click();
    // The job shows as soon as the server takes it, with a progress bar, before any poll.
    await page.waitForSelector('.job[data-status=running] progress');
    await page.screenshot({ path: artifactPath('dashboard-history-export-running-1280x800.png') });
    // Leaving the page keeps following it: the link turns up in the tray of whatever page is open.
    await page.click('.topnav >> text=Chats');
    const link = page.locator('.exports-tray .job[data-status=done] a.download');
    await link.waitFor({ timeout: 15_000 });
    expect(await page.locator('.exports-tray .job[data-status=done]').textContent()).to.include(`export of ${all.length} chats is ready`);
    await page.screenshot({ path: artifactPath('dashboard-history-export-done-1280x800.png') });
    const file = await downloadOf(page, () => link.click());
    expect(file.name).to.match(/^chat-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = csvOf(file.body);
    expect(rows.map((r) => Number(r['Chat ID']))).to.deep.equal(all);
    expect(file.body.toString()).to.not.include('Zed Secret');
  });
});
