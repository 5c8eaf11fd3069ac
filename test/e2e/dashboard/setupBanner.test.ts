import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser, artifactPath } from '../../helpers/browser.js';
import { quietFor } from '../../helpers/wait.js';
import { signInAs } from './helpers.js';

/**
 * Admins see a banner while a website's offline form promises an answer by e-mail and no mail
 * server is set up (GET /api/setup-status); it goes once the texts stop promising it. Agents never see it.
 */
describe('dashboard admin banner for e-mail promised without mail, in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const holder = withBrowser();

  describe('without a mail server', () => {
    const scene = withServer('sqlite', { smtp: { url: null } });

    it('warns admins (not agents) until no offline text promises e-mail', async () => {
      const site = await scene.f.client({ name: 'Acme Shoes', domains: ['example.test'] });
      await scene.f.client({ name: 'Quiet Site', widget_settings: { color: '#1f7aec', position: 'right', welcomeText: 'Hi', offlineText: 'We are closed, leave a note.', offlineTitle: 'Closed', offlineThanks: 'Thanks!', serviceTypes: [], transcriptEmails: false } });
      await scene.f.user('super_admin', { email: 'root@example.test', pseudo_name: 'Root' });
      await scene.f.user('agent', { email: 'ann@example.test', pseudo_name: 'Ann' }, [site.id]);

      const ann = await signInAs(holder.browser, scene.server.baseUrl, 'ann@example.test', { width: 1280, height: 800 });
      await quietFor(500);
      expect(await ann.page.locator('[data-testid=setup-banner]').count(), 'agents cannot fix it: no banner').to.equal(0);
      await ann.context.close();

      const root = await signInAs(holder.browser, scene.server.baseUrl, 'root@example.test', { width: 1280, height: 800 });
      try {
        const page = root.page;
        const banner = page.locator('[data-testid=setup-banner]');
        await banner.waitFor();
        expect(await banner.textContent()).to.include('Acme Shoes').and.not.include('Quiet Site');
        await page.screenshot({ path: artifactPath('dashboard-setup-banner-1280x800.png') });

        await banner.getByRole('link', { name: 'change the offline texts' }).click();
        await page.locator('tr', { hasText: 'Acme Shoes' }).getByRole('button', { name: 'Edit' }).click();
        const form = page.locator('.edit-client');
        await form.locator('[name=offlineText]').fill('We are away: leave a message and we call you back.');
        await form.locator('[name=offlineThanks]').fill('Thank you! We call you back soon.');
        await form.getByRole('button', { name: 'Save', exact: true }).click();
        await form.waitFor({ state: 'detached' });
        await banner.waitFor({ state: 'detached' });
        await page.reload();
        await page.waitForSelector('[data-testid=agent-name]');
        await quietFor(500);
        expect(await banner.count(), 'gone after a reload too').to.equal(0);
      } finally {
        await root.context.close();
      }
    });
  });

  describe('with a mail server', () => {
    const scene = withServer('sqlite', { smtp: { url: 'smtp://127.0.0.1:2525' } });

    it('shows no banner although the default offline text promises e-mail', async () => {
      await scene.f.client({ name: 'Acme Shoes' });
      await scene.f.user('super_admin', { email: 'root@example.test', pseudo_name: 'Root' });
      const root = await signInAs(holder.browser, scene.server.baseUrl, 'root@example.test', { width: 1280, height: 800 });
      try {
        const status = await root.page.evaluate(() => fetch('/api/setup-status').then((r) => r.json()));
        expect(status.mailConfigured).to.equal(true);
        await quietFor(500);
        expect(await root.page.locator('[data-testid=setup-banner]').count()).to.equal(0);
      } finally {
        await root.context.close();
      }
    });
  });
});
