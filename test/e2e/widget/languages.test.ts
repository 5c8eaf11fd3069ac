import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { artifactPath, withBrowser } from '../../helpers/browser.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../../lib/domain/schemas.js';
import { chatFrame, eventually, launcher, recordFailure, sitePage, watchPage, widgetWorld } from './world.js';
import { signInAs } from '../dashboard/helpers.js';

describe('widget: languages, the pre-chat form and the live preview (Chromium)', function () {
  this.timeout(60_000);
  const holder = withBrowser();
  const world = widgetWorld();
  let current: Page | undefined;
  afterEach(function () {
    return recordFailure(this.currentTest, current);
  });

  it("speaks the website's language, Arabic, right to left, to a visitor whose browser is English: the send button on the left; its own question and consent asked", async () => {
    const form = { customFields: [{ key: 'order', label: 'رقم الطلب', type: 'text', required: true }], consent: { text: 'أوافق على شروط الخصوصية', privacyUrl: 'https://shop.example.test/privacy' } };
    const client = await world.f.client({ name: 'متجر', domains: [world.site.domain], widget_settings: { ...DEFAULT_WIDGET_SETTINGS, language: 'ar', ...form } });
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
    // The website's own question and its consent are required, in the widget as on the server.
    expect(await app.locator('#lead-field-order-error').textContent()).to.equal('رقم الطلب مطلوب.');
    expect(await app.locator('#lead-consent-error').textContent()).to.equal('يُرجى إعطاء موافقتك للمحادثة معنا.');
    expect(await app.getByRole('link', { name: 'سياسة الخصوصية' }).getAttribute('href')).to.equal('https://shop.example.test/privacy');
    await app.getByLabel('رقم الطلب').fill('A-7');
    await app.getByLabel('أوافق على شروط الخصوصية').check();
    await app.getByRole('button', { name: 'بدء المحادثة' }).click();

    const send = await app.getByRole('button', { name: 'إرسال', exact: true }).boundingBox();
    const input = await app.getByRole('textbox', { name: 'الرسالة' }).boundingBox();
    expect(send!.x + send!.width, 'the send button ends where the text box starts, on its left').to.be.at.most(input!.x + 1);
    await page.screenshot({ path: artifactPath('widget-arabic-rtl-1280x800.png') });
    const chat = await eventually(() => world.db.models.Chat.findOne({ where: { client_id: client.id } }));
    expect(chat.lead_fields).to.deep.equal([{ key: 'order', label: 'رقم الطلب', value: 'A-7' }]);
    expect(chat.consent_at).to.not.equal(null);
    await context.close();
  });

  it("previews the real widget with the website's unsaved settings in the dashboard: a colour change shows at once", async () => {
    const client = await world.f.client({ name: 'Preview Shop', domains: [world.site.domain] });
    const boss = await world.f.user('super_admin');
    const root = await signInAs(holder.browser, world.server.baseUrl, boss.email, { width: 1280, height: 900 });
    current = root.page;
    await root.page.goto('/admin');
    await root.page.locator('tr', { hasText: 'Preview Shop' }).getByRole('button', { name: 'Edit' }).click();
    const preview = root.page.frameLocator('[data-testid=widget-preview]');
    const header = preview.locator('header').first();
    const colour = () => header.evaluate((el) => getComputedStyle(el).backgroundColor);
    await preview.getByRole('button', { name: 'Start chat' }).waitFor();
    expect(await colour()).to.equal('rgb(31, 122, 236)');
    await root.page.locator('.edit-client input[type=color]').fill('#cc2200');
    await eventually(async () => (await colour().catch(() => '')) === 'rgb(204, 34, 0)');
    await root.page.locator('.edit-client [name=language]').selectOption('fr');
    await preview.getByRole('button', { name: 'Démarrer le chat' }).waitFor();
    await root.page.locator('.edit-client [name=whatsapp]').fill('+34 600 123 456');
    expect(await preview.getByRole('link', { name: 'Continuer sur WhatsApp' }).getAttribute('href')).to.equal('https://wa.me/34600123456');
    await root.page.screenshot({ path: artifactPath('dashboard-widget-preview-1280x900.png') });
    expect((await world.db.models.Client.findByPk(client.id))!.widget_settings.color, 'nothing saved').to.equal('#1f7aec');
    await root.context.close();
  });
});
