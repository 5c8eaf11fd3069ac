import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import type { Page } from 'playwright-core';
import { withServer } from '../../helpers/scene.js';
import { withBrowser, artifactPath } from '../../helpers/browser.js';
import { waitFor, waitForValue } from '../../helpers/wait.js';
import { addDays, dayBounds, dayOf, weekdayAndHour } from '../../../lib/protocol/calendarDay.js';
import { signInAs, type AgentPage } from './helpers.js';

const ZONE = 'Pacific/Kiritimati'; // UTC+14: the company's "today" is rarely the browser's (UTC) today.

/**
 * The Analytics page in Chromium on seeded chats: each card as plain SQL counts it over the
 * company's days, the period presets and the comparison, the website filter, click-throughs to
 * the History page's address, and an agent who sees only his websites and his own row.
 */
describe('dashboard analytics page in Chromium [sqlite]', function () {
  this.timeout(120_000);
  const scene = withServer('sqlite', { jobs: { timezone: ZONE } });
  const holder = withBrowser();
  const ids: Record<string, number> = {};
  const today = dayOf(new Date(), ZONE);
  let boss: AgentPage;

  before(async () => {
    const { f, db } = scene;
    const shoes = await f.client({ name: 'Acme Shoes' });
    const hats = await f.client({ name: 'Acme Hats' });
    const ann = await f.user('agent', { email: 'ann@example.test', pseudo_name: 'Ann' }, [shoes.id, hats.id]);
    const bob = await f.user('agent', { email: 'bob@example.test', pseudo_name: 'Bob' }, [shoes.id]);
    await f.user('manager', { email: 'boss@example.test', pseudo_name: 'Boss' });
    Object.assign(ids, { shoes: shoes.id, hats: hats.id, ann: ann.id, bob: bob.id });
    // [days before today, minutes after 10:00 on the company's clock, site, agent, minutes to first answer, rating, lead form]
    const CHATS: [number, number, 'shoes' | 'hats', 'ann' | 'bob' | null, number | null, number | null, boolean][] = [
      [0, 0, 'shoes', 'ann', 0.5, 5, true],
      [0, 20, 'shoes', 'ann', 3, 4, false],
      [0, 40, 'hats', null, null, null, false], // missed
      [1, 0, 'shoes', 'bob', 10, 2, true],
      [3, 0, 'hats', 'ann', 90, null, false],
      [20, 0, 'shoes', 'bob', 1, 5, false], // outside the last 7 days
    ];
    for (const [ago, minutes, site, agent, answer, rating, lead] of CHATS) {
      const start = new Date(dayBounds(addDays(today, -ago), ZONE).start.getTime() + (600 + minutes) * 60_000);
      const at = (m: number) => new Date(start.getTime() + m * 60_000);
      const visitor = await f.visitor(ids[site]);
      await db.models.VisitorSession.create({ visitor_id: visitor.id, client_id: ids[site], session_key: `s-${visitor.id}`, started_at: at(-3) });
      const chat = await f.chat(ids[site], visitor.id, { status: 'closed', started_at: start, first_response_at: answer === null ? null : at(answer), ended_at: at((answer ?? 0) + 5), rating, lead_form_filled: lead });
      await f.message(chat.id, { body: 'Hello', created_at: start });
      if (agent) {
        await db.models.ChatParticipant.create({ chat_id: chat.id, user_id: ids[agent], joined_at: start });
        await f.message(chat.id, { sender_type: 'agent', sender_id: ids[agent], body: 'Hi!', created_at: at(answer!) });
      }
      if (rating === 5) await f.message(chat.id, { message_type: 'file', body: null, file_name: 'a.pdf', file_path: 'x/a.pdf', created_at: at(1) });
    }
    boss = await signInAs(holder.browser, scene.server.baseUrl, 'boss@example.test', { width: 1280, height: 800 });
  });
  after(() => boss?.context.close());

  const stamp = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19);
  const sql = async (query: string) => (await scene.db.sequelize.query<Record<string, unknown>>(query, { type: QueryTypes.SELECT }))[0];
  /** The overview cards as plain SQL counts them over the company's days `from`..`to`. */
  async function expected(from: string, to: string, site?: 'shoes' | 'hats') {
    const range = (col: string) => `${col} >= '${stamp(dayBounds(from, ZONE).start)}' AND ${col} < '${stamp(dayBounds(to, ZONE).end)}'`;
    const onSite = (col: string) => (site ? ` AND ${col} = ${ids[site]}` : '');
    const c = await sql(`SELECT COUNT(*) AS chats, SUM(CASE WHEN first_response_at IS NULL THEN 1 ELSE 0 END) AS missed, SUM(lead_form_filled) AS conversions, AVG(rating) AS rating,
      AVG(CASE WHEN first_response_at IS NOT NULL THEN strftime('%s', substr(first_response_at, 1, 19)) - strftime('%s', substr(started_at, 1, 19)) END) AS frt
      FROM chats WHERE ${range('started_at')}${onSite('client_id')}`);
    const v = await sql(`SELECT COUNT(DISTINCT visitor_id) AS n FROM visitor_sessions WHERE ${range('started_at')}${onSite('client_id')}`);
    const m = await sql(`SELECT COUNT(*) AS n, SUM(CASE WHEN m.message_type = 'file' THEN 1 ELSE 0 END) AS files FROM messages m JOIN chats c ON c.id = m.chat_id WHERE ${range('m.created_at')}${onSite('c.client_id')}`);
    const frt = c.frt == null ? null : Math.round(Number(c.frt));
    return {
      chats: String(c.chats),
      missed: String(c.missed ?? 0),
      conversions: String(c.conversions ?? 0),
      visitors: String(v.n),
      messages: String(m.n),
      files: String(m.files ?? 0),
      avgRating: c.rating == null ? '—' : `${Number(c.rating).toFixed(2)} ★`,
      avgFirstResponseSeconds: frt == null ? '—' : frt < 60 ? `${frt}s` : frt < 3600 ? `${Math.floor(frt / 60)}m ${String(frt % 60).padStart(2, '0')}s` : `${Math.floor(frt / 3600)}h ${String(Math.floor((frt % 3600) / 60)).padStart(2, '0')}m`,
    };
  }
  const card = (page: Page, key: string) => page.locator(`[data-card=${key}] .value`).textContent();
  async function expectCards(page: Page, want: Record<string, string>) {
    await waitForValue('the chats card', () => card(page, 'chats'), want.chats, 10_000);
    for (const [key, value] of Object.entries(want)) expect(await card(page, key), key).to.equal(value);
  }
  /** The address a click-through opens: the History page's, pushed by the router or loaded in full (then the app, without that page yet, moves on). */
  async function opened(page: Page, click: () => Promise<unknown>): Promise<URL> {
    const seen: string[] = [];
    const note = (frame: { url(): string; parentFrame(): unknown }) => !frame.parentFrame() && seen.push(frame.url());
    page.on('framenavigated', note);
    try {
      await click();
      const at = () => [...seen, page.url()].find((u) => new URL(u).pathname === '/history');
      return new URL(await waitFor('the history page opened', at, 10_000));
    } finally {
      page.off('framenavigated', note);
    }
  }
  const openAnalytics = async (page: Page) => {
    await page.goto('/analytics');
    await page.waitForSelector('[data-card=chats]');
  };

  it('shows the last 7 days as SQL counts them, then today, today against yesterday, and a custom range', async () => {
    const page = boss.page;
    await openAnalytics(page);
    const week = await expected(addDays(today, -6), today);
    expect(week.chats).to.equal('5');
    await expectCards(page, week);
    expect(await page.locator('.tz').textContent()).to.include(ZONE);

    await page.getByRole('radio', { name: 'Today' }).click();
    const now = await expected(today, today);
    await expectCards(page, now);
    await page.getByLabel('Compare with the previous period').check();
    await page.waitForSelector('[data-card=chats] .delta');
    // 3 chats today against 1 yesterday: +200%; 1 missed against none: new.
    expect(await page.locator('[data-card=chats] .delta').textContent()).to.match(/^\+200% vs 1$/);
    expect(await page.locator('[data-card=missed] .delta').textContent()).to.match(/^new vs 0/);
    expect(await page.locator('[data-card=missed] .delta').getAttribute('class')).to.include('down');
    await page.screenshot({ path: artifactPath('dashboard-analytics-1280x800.png') });
    await page.locator('.heat').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('dashboard-analytics-charts-1280x800.png') });

    await page.getByRole('radio', { name: 'Custom' }).click();
    await page.fill('input[name=from]', addDays(today, -30));
    await page.fill('input[name=to]', today);
    await expectCards(page, await expected(addDays(today, -30), today));
    // An end before the start: said plainly, the figures shown stay those of the last good period.
    await page.fill('input[name=from]', addDays(today, 1));
    expect(await page.getByRole('alert').textContent()).to.include('pick an end date on or after the start date');
    expect(await card(page, 'chats')).to.equal((await expected(addDays(today, -30), today)).chats);
  });

  it('narrows every figure to the ticked websites and sorts the tables by a column', async () => {
    const page = boss.page;
    await openAnalytics(page);
    await page.click('details.websites summary');
    await page.getByLabel('Acme Hats').check();
    await expectCards(page, await expected(addDays(today, -6), today, 'hats'));
    // The address keeps the view: a reload (or a shared link) shows the same figures.
    expect(new URL(page.url()).searchParams.get('clientIds')).to.equal(String(ids.hats));
    await page.reload();
    await expectCards(page, await expected(addDays(today, -6), today, 'hats'));
    await page.click('details.websites summary');
    expect(await page.locator('table[aria-label="By website"] tbody tr').allTextContents()).to.have.length(1);
    await page.getByLabel('Acme Hats').uncheck();
    await waitForValue('both websites', () => page.locator('table[aria-label="By website"] tbody tr').count(), 2, 10_000);
    const names = () => page.locator('table[aria-label="By website"] tbody tr td:first-child').allTextContents();
    expect(await names()).to.deep.equal(['Acme Shoes', 'Acme Hats']); // most chats first
    await page.click('table[aria-label="By website"] th button:has-text("Website")');
    expect(await names()).to.deep.equal(['Acme Hats', 'Acme Shoes']);
    await page.click('table[aria-label="By website"] th button:has-text("Missed")');
    expect(await names()).to.deep.equal(['Acme Hats', 'Acme Shoes']);
    expect(await page.locator('table[aria-label="By website"] th[aria-sort=descending]').textContent()).to.include('Missed');
  });

  it('opens the history filtered to a rating slice, a day bar (a real click on the chart), a busiest-hours cell, a website and an agent', async () => {
    const page = boss.page;
    const week = { from: dayBounds(addDays(today, -6), ZONE).start.toISOString(), to: dayBounds(today, ZONE).end.toISOString() };

    await openAnalytics(page);
    await page.waitForSelector('[data-chart=ratings] canvas');
    let url = await opened(page, () => page.locator('[data-chart=ratings] button[data-pick="4"]').dispatchEvent('click'));
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({ ...week, rating: '5' });

    await openAnalytics(page);
    await page.getByRole('radio', { name: 'Today' }).click();
    const firstChat = new Date(dayBounds(today, ZONE).start.getTime() + 600 * 60_000);
    const { weekday, hour } = weekdayAndHour(firstChat, ZONE);
    await waitForValue('3 chats today', () => card(page, 'chats'), '3', 10_000);
    expect(await page.locator(`[data-cell="${weekday}-${hour}"]`).textContent()).to.equal('3');
    // A real click on the chart: today's one bar stands in the middle, as high as the chart.
    const canvas = page.locator('[data-chart=volume] canvas');
    const box = (await canvas.boundingBox())!;
    url = await opened(page, () => canvas.click({ position: { x: box.width / 2, y: box.height / 2 } }));
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({ from: dayBounds(today, ZONE).start.toISOString(), to: dayBounds(today, ZONE).end.toISOString() });
    await openAnalytics(page);
    await page.getByRole('radio', { name: 'Today' }).click();
    await waitForValue('3 chats today', () => card(page, 'chats'), '3', 10_000);
    url = await opened(page, () => page.click(`[data-cell="${weekday}-${hour}"]`));
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({ from: firstChat.toISOString(), to: new Date(firstChat.getTime() + 3_600_000).toISOString() });

    await openAnalytics(page);
    url = await opened(page, () => page.click('table[aria-label="By website"] a:has-text("Acme Hats")'));
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({ ...week, clientIds: String(ids.hats) });

    await openAnalytics(page);
    url = await opened(page, () => page.click('table[aria-label="By agent"] a:has-text("Bob")'));
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({ ...week, agent: String(ids.bob) });
  });

  it('shows an agent his websites and his own row only, and fits a phone', async () => {
    const bob = await signInAs(holder.browser, scene.server.baseUrl, 'bob@example.test', { width: 390, height: 844 }, true);
    try {
      const page = bob.page;
      await openAnalytics(page);
      await expectCards(page, await expected(addDays(today, -6), today, 'shoes'));
      expect(await page.locator('table[aria-label="By website"] tbody td:first-child').allTextContents()).to.deep.equal(['Acme Shoes']);
      expect(await page.locator('table[aria-label="By agent"] tbody td:first-child').allTextContents()).to.deep.equal(['Bob']);
      expect(await page.locator('select[name=agent]').count()).to.equal(0);
      expect(await page.locator('details.websites').count()).to.equal(0);
      // Asking for another's website by hand finds nothing of it.
      const foreign = await page.evaluate(async (hats) => (await fetch(`/api/reports/figures?from=2026-01-01&to=2026-12-31&clientIds=${hats}`)).json(), ids.hats);
      expect(foreign.byWebsite).to.deep.equal([]);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, 'no sideways scrolling').to.be.at.most(390);
      await page.screenshot({ path: artifactPath('dashboard-analytics-390x844.png') });
      await page.locator('.heat').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('dashboard-analytics-charts-390x844.png') });
    } finally {
      await bob.context.close();
    }
  });
});
