import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { artifactPath, withBrowser } from '../../helpers/browser.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../../lib/domain/schemas.js';
import { chatFrame, launcher, recordFailure, sitePage, watchPage, widgetWorld } from './world.js';

describe('widget: languages (Chromium)', function () {
  this.timeout(60_000);
  const holder = withBrowser();
  const world = widgetWorld();
  let current: Page | undefined;
  afterEach(function () {
    return recordFailure(this.currentTest, current);
  });

  it("speaks the website's language, Arabic, right to left, to a visitor whose browser is English: the send button on the left", async () => {
    const client = await world.f.client({ name: 'متجر', domains: [world.site.domain], widget_settings: { ...DEFAULT_WIDGET_SETTINGS, language: 'ar' } });
    await world.f.user('agent', { pseudo_name: 'Sami', status: 'online' }, [client.id]);
    world.site.page('/ar', () => sitePage(world.server.baseUrl, client.widget_key, 'Arabic shop'));
    const context = await holder.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    context.setDefaultTimeout(20_000);
    const page = (current = watchPage(await context.newPage()));
    await page.goto(`${world.site.origin}/ar`);
    await launcher(page).click();
    const app = chatFrame(page);
    await app.getByRole('button', { name: 'بدء المحادثة' }).waitFor();
    expect(await app.locator('html').getAttribute('dir')).to.equal('rtl');
    expect(await app.locator('html').getAttribute('lang')).to.equal('ar');
    await app.getByLabel('الاسم').fill('ليلى');
    await app.getByLabel('البريد الإلكتروني').fill('layla@example.com');
    await app.getByRole('button', { name: 'بدء المحادثة' }).click();

    const send = await app.getByRole('button', { name: 'إرسال', exact: true }).boundingBox();
    const input = await app.getByRole('textbox', { name: 'الرسالة' }).boundingBox();
    expect(send!.x + send!.width, 'the send button ends where the text box starts, on its left').to.be.at.most(input!.x + 1);
    await page.screenshot({ path: artifactPath('widget-arabic-rtl-1280x800.png') });
    await context.close();
  });
});
