import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { artifactPath, withBrowser } from '../../helpers/browser.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { connectAgent } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { chatFrame, launcher, recordFailure, sitePage, watchPage, widgetWorld } from './world.js';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Open only 09:00–10:00 UTC on the day three days from now: closed today whatever the time. */
function hoursOpeningIn3Days(outside: 'offline_form' | 'hide') {
  const day = new Date(Date.now() + 3 * 86_400_000).getUTCDay();
  const weekly = Object.fromEntries(DAYS.map((d) => [d, [] as { from: string; to: string }[]]));
  weekly[DAYS[day]] = [{ from: '09:00', to: '10:00' }];
  return { hours: { enabled: true, timezone: 'UTC', weekly, closedDates: [], outside, awayText: 'Our team is away.' }, dayName: NAMES[day] };
}

describe('widget: outside business hours (Chromium)', function () {
  this.timeout(90_000);
  const holder = withBrowser();
  const world = widgetWorld();
  const sockets: TestSocket[] = [];
  let current: Page | undefined;
  afterEach(function () {
    return recordFailure(this.currentTest, current);
  });
  after(() => sockets.forEach((s) => s.close()));

  it('shows the offline form with "We are back on <day> at <time>" in the visitor\'s zone and locale, even with an agent online; a website that hides the widget shows none', async () => {
    const { f, site, server } = world;
    const { hours, dayName } = hoursOpeningIn3Days('offline_form');
    const client = await f.client({ name: 'Closed Shop', domains: [site.domain], business_hours: hours });
    const user = await f.user('agent', { pseudo_name: 'Early', status: 'online' }, [client.id]);
    const api = await signedIn(server.baseUrl, user.email, TEST_PASSWORD);
    sockets.push(await connectAgent(server.baseUrl, api.cookie!));
    const hidden = await f.client({ name: 'Hidden Shop', domains: [site.domain], business_hours: hoursOpeningIn3Days('hide').hours });
    site.page('/closed', () => sitePage(server.baseUrl, client.widget_key, 'Closed shop'));
    site.page('/hidden', () => sitePage(server.baseUrl, hidden.widget_key, 'Hidden shop'));

    // A visitor in Tokyo (UTC+9, no DST) reading British English: 09:00 UTC is 18:00 there, same day.
    const context = await holder.browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
    context.setDefaultTimeout(20_000);
    const page = (current = watchPage(await context.newPage()));
    await page.goto(`${site.origin}/closed`);
    await launcher(page).click();
    const app = chatFrame(page);
    await app.getByRole('button', { name: 'Send message' }).waitFor();
    expect(await app.locator('.intro').textContent()).to.equal(`Our team is away. We are back on ${dayName} at 18:00. All agents are offline. Leave a message and we'll respond via email.`);
    await page.screenshot({ path: artifactPath('widget-closed-hours-1280x800.png') });

    const session = page.waitForResponse((r) => r.url().endsWith('/api/widget/session'));
    await page.goto(`${site.origin}/hidden`);
    expect((await (await session).json()).hours).to.deep.include({ open: false, outside: 'hide' });
    // The loader has its answer: it draws nothing (checked after the page's pending work has run).
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(await page.locator('[data-livechat]').count()).to.equal(0);
    await context.close();
  });
});
