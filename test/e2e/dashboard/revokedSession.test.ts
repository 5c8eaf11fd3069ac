import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser } from '../../helpers/browser.js';
import { signedIn } from '../../helpers/http.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signInAs } from './helpers.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';

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

  it('drops the chats of a website taken away from the agent at once, and keeps the other website’s', async () => {
    const base = scene.server.baseUrl;
    const [lost, kept] = [await scene.f.client({ domains: ['example.test'] }), await scene.f.client({ domains: ['example.test'] })];
    const user = await scene.f.user('agent', { pseudo_name: 'Bo' }, [lost.id, kept.id]);
    const boss = await scene.f.user('super_admin');
    const admin = await signedIn(base, boss.email, TEST_PASSWORD);
    const bo = await signInAs(holder.browser, base, user.email);
    const visitors: TestSocket[] = [];
    try {
      await bo.page.waitForFunction(() => document.querySelector('.status.online.on'));
      const chatIds: number[] = [];
      for (const site of [lost, kept]) {
        const { socket } = await connectVisitor(base, site.widget_key);
        visitors.push(socket);
        const started = await socket.request({ type: 'chat.start', lead: { name: 'Vera', email: 'vera@example.test', phone: '+1 555 0100' }, message: 'hello', clientMsgId: newMsgId() });
        expect(started.ok, JSON.stringify(started)).to.equal(true);
        chatIds.push(started.chat.id);
      }
      for (const id of chatIds) await bo.page.waitForSelector(`.chatitem[data-chat-id="${id}"]`);

      expect((await admin.delete(`/api/clients/${lost.id}/agents/${user.id}`)).status).to.equal(204);
      await bo.page.waitForSelector(`.chatitem[data-chat-id="${chatIds[0]}"]`, { state: 'detached', timeout: 2500 });
      expect(await bo.page.locator(`.chatitem[data-chat-id="${chatIds[1]}"]`).count()).to.equal(1);
      expect(bo.page.url()).not.to.match(/\/login/);
    } finally {
      visitors.forEach((s) => s.close());
      await bo.context.close();
    }
  });
});
