import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser, artifactPath } from '../../helpers/browser.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../../lib/domain/schemas.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { visitorSession } from '../../helpers/visitors.js';
import { signInAs, type AgentPage } from './helpers.js';

/**
 * The widget settings that only a hand-made PATCH could change (offline title and thanks, the
 * sound default, the logo, which lead form fields are required) are fields of the website form; saving them changes what the API and
 * the widget get. A logo the widget could not load is refused with the reason, and nothing is saved.
 */
describe('dashboard website form: the widget-only settings, in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const scene = withServer('sqlite');
  const holder = withBrowser();
  let root: AgentPage;

  after(async () => {
    await root?.context.close();
  });

  it('saves offline title, thanks, sound and logo, as the API and the widget then show', async () => {
    // A website made before these settings existed: the form shows the defaults the widget uses.
    const { offlineTitle: _t, offlineThanks: _th, sound: _s, leadRequired: _l, ...older } = DEFAULT_WIDGET_SETTINGS;
    const site = await scene.f.client({ name: 'Acme Shoes', domains: ['example.test'], widget_settings: older });
    await scene.f.user('super_admin', { email: 'root@example.test', pseudo_name: 'Root' });
    root = await signInAs(holder.browser, scene.server.baseUrl, 'root@example.test', { width: 1280, height: 800 });
    const page = root.page;
    await page.goto('/admin');
    await page.locator('tr', { hasText: 'Acme Shoes' }).getByRole('button', { name: 'Edit' }).click();
    const form = page.locator('.edit-client');
    expect(await form.locator('[name=offlineTitle]').inputValue()).to.equal(DEFAULT_WIDGET_SETTINGS.offlineTitle);
    expect(await form.locator('[name=offlineThanks]').inputValue()).to.equal(DEFAULT_WIDGET_SETTINGS.offlineThanks);
    expect(await form.locator('[name=sound]').isChecked()).to.equal(true);
    // The lead form asks for name and e-mail unless the website says otherwise.
    expect(await form.locator('[name=leadRequiredName]').isChecked()).to.equal(true);
    expect(await form.locator('[name=leadRequiredEmail]').isChecked()).to.equal(true);
    expect(await form.locator('[name=leadRequiredPhone]').isChecked()).to.equal(false);

    await form.locator('[name=offlineTitle]').fill('We are away');
    await form.locator('[name=offlineThanks]').fill('Thanks! We answer the next working day.');
    await form.locator('[name=sound]').uncheck();
    await form.locator('[name=leadRequiredPhone]').check();
    await form.locator('[name=leadRequiredEmail]').uncheck();
    await form.locator('[name=logo]').fill('javascript:alert(1)');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await page.locator('.card [role=alert]').textContent()).to.match(/logo: must be an https:\/\/ address/);
    expect((await scene.db.models.Client.findByPk(site.id))!.widget_settings.offlineTitle, 'nothing saved').to.equal(undefined);

    await form.locator('[name=logo]').fill('https://cdn.example.test/acme.png');
    await page.screenshot({ path: artifactPath('dashboard-website-settings-1280x800.png'), fullPage: true });
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.waitFor({ state: 'detached' });

    const api = await signedIn(scene.server.baseUrl, 'root@example.test', TEST_PASSWORD);
    const listed = (await api.get('/api/clients?all=true')).body.clients.find((c: { id: number }) => c.id === site.id);
    expect(listed.logo).to.equal('https://cdn.example.test/acme.png');
    expect(listed.widgetSettings).to.include({ offlineTitle: 'We are away', offlineThanks: 'Thanks! We answer the next working day.', sound: false });
    expect(listed.widgetSettings.leadRequired).to.deep.equal({ name: true, email: false, phone: true });
    const widget = await visitorSession(scene.server.baseUrl, site.widget_key);
    expect((widget as unknown as { settings: Record<string, unknown> }).settings).to.include({ offlineTitle: 'We are away', sound: false, logoUrl: 'https://cdn.example.test/acme.png' });
    expect((widget as unknown as { settings: { leadRequired: unknown } }).settings.leadRequired).to.deep.equal({ name: true, email: false, phone: true });
  });
});
