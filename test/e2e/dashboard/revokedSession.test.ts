import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/http.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signInAs } from './helpers.js';

/**
 * The dashboard when its sign-in is ended from elsewhere (an admin disables the account, or the
 * agent changes their password on another device): the server closes its socket with 4401 and the
 * page goes to the sign-in form by itself, instead of showing a workspace that no longer updates.
 */
describe('dashboard whose sign-in ended elsewhere, in Chromium [sqlite]', function () {
  this.timeout(60_000);
  const scene = withServer('sqlite', { auth: { loginRateLimitPerMinute: 1000 } });
  const holder = withBrowser();

  it('goes to the sign-in page within a second or two when the agent changes their password on another device', async () => {
    const site = await scene.f.client({ name: 'Acme Shoes', domains: ['example.test'] });
    const user = await scene.f.user('agent', { pseudo_name: 'Ann' }, [site.id]);
    const ann = await signInAs(holder.browser, scene.server.baseUrl, user.email);
    try {
      await ann.page.waitForFunction(() => document.querySelector('.status.online.on'));
      const phone = await signedIn(scene.server.baseUrl, user.email, TEST_PASSWORD);
      expect((await phone.put('/api/profile/password', { currentPassword: TEST_PASSWORD, newPassword: 'changed on the phone' })).status).to.equal(204);
      await ann.page.waitForURL(/\/login/, { timeout: 2500 });
      // The phone's own session carries on.
      expect((await phone.get('/api/auth/me')).status).to.equal(200);
    } finally {
      await ann.context.close();
    }
  });
});
