import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { withBrowser, artifactPath } from '../../helpers/browser.js';
import { webhookReceiver } from '../../helpers/webhookReceiver.js';
import { visitorClient } from '../../helpers/sharedClient.js';
import { signInAs } from './helpers.js';

/** A super admin adds a webhook from the dashboard, sees its secret once, reads the delivery log and redelivers. */
describe('dashboard webhooks page, in Chromium [sqlite]', function () {
  this.timeout(90_000);
  const holder = withBrowser();
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
  before(async () => {
    receiver = await webhookReceiver();
  });
  after(() => receiver.close());
  const scene = withServer('sqlite', { webhooks: { allowPrivateAddresses: ['127.0.0.1'], pollIntervalMs: 50, retryBaseMs: 50, retryMaxDelayMs: 100, giveUpAfterMs: 600_000, leaseMs: 2000, timeoutMs: 2000 } });

  it('adds a webhook, shows the secret once, lists deliveries with their payload and redelivers', async () => {
    const site = await scene.f.client({ name: 'Acme Shoes', domains: ['example.test'] });
    await scene.f.user('super_admin', { email: 'root@example.test', pseudo_name: 'Root' });
    const root = await signInAs(holder.browser, scene.server.baseUrl, 'root@example.test', { width: 1280, height: 800 });
    try {
      const page = root.page;
      await page.goto(`${scene.server.baseUrl}/admin`);
      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.locator('[name=url]').fill(receiver.url('/crm'));
      await page.locator('[name=websiteId]').selectOption({ label: 'Acme Shoes' });
      await page.getByRole('button', { name: 'Add webhook' }).click();
      const secret = page.locator('[data-testid=webhook-secret]');
      await secret.waitFor();
      expect(await secret.textContent()).to.match(/whsec_/);

      receiver.answerWith((_body, i) => (i === 0 ? 500 : 200));
      const { client: visitor } = await visitorClient(scene.server.baseUrl, site.widget_key);
      visitor.connect();
      await visitor.request({ type: 'chat.start', message: 'Do you have size 44?' });
      visitor.close();
      const deadline = Date.now() + 10_000;
      while (receiver.delivered().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

      await page.getByRole('button', { name: 'Deliveries' }).click();
      const log = page.locator('section', { hasText: 'Deliveries to' });
      const rows = log.locator('tr', { hasText: 'message.created' });
      await rows.first().waitFor();
      await log.locator('tr', { hasText: 'chat.created' }).getByRole('button', { name: 'Payload' }).click();
      expect(await page.locator('pre.payload').textContent()).to.contain('"type": "chat.created"');
      await page.screenshot({ path: artifactPath('dashboard-webhooks-1280x800.png'), fullPage: true });
      const before = receiver.received.length;
      await rows.first().getByRole('button', { name: 'Redeliver' }).click();
      await rows.nth(1).waitFor();
      const until = Date.now() + 5000;
      while (receiver.received.length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(receiver.received.at(-1)!.body.type).to.equal('message.created');

      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: artifactPath('dashboard-webhooks-390x844.png'), fullPage: true });
    } finally {
      await root.context.close();
    }
  });
});
