import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { artifactPath, withBrowser } from '../../helpers/browser.js';
import { signInAs, type AgentPage } from '../dashboard/helpers.js';
import { chatFrame, eventually, launcher, recordFailure, sitePage, watchPage, widgetWorld } from './world.js';
import { signIdentity } from '../../../lib/domain/visitors/identitySignature.js';
import { newIdentitySecret } from '../../../lib/domain/clients/rotateIdentitySecret.js';

/**
 * A logged-in user of the customer's portal: the portal's server signs them into the page, the
 * widget skips the lead form, and the agent sees them verified, with their attributes.
 */
describe('secure identity and chat tools: a signed identify() skips the lead form; priority, bulk close, reopen (Chromium)', function () {
  this.timeout(90_000);
  const holder = withBrowser();
  const world = widgetWorld();
  let context: BrowserContext;
  let page: Page;
  let agent: AgentPage | undefined;

  before(async () => {
    context = await holder.browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(20_000);
    page = watchPage(await context.newPage());
  });
  afterEach(function () {
    return recordFailure(this.currentTest, agent?.page ?? page);
  });
  after(async () => {
    await agent?.context.close();
    await context?.close();
  });

  it('opens straight to the composer for a signed user; the agent sees them verified, marks the chat urgent, bulk-closes and reopens it', async () => {
    const secret = newIdentitySecret();
    const client = await world.f.client({ name: 'Staff Portal', domains: [world.site.domain], identity_secret: secret });
    const boss = await world.f.user('agent', { pseudo_name: 'Bea', status: 'online' }, [client.id]);
    // What the portal's server renders for its logged-in user, fresh on each page load.
    world.site.page('/', () => {
      const user = { userId: 'emp-7', email: 'ida@staff.test', name: 'Ida Employee', timestamp: Math.floor(Date.now() / 1000) };
      const identity = JSON.stringify({ ...user, signature: signIdentity(secret, user), team: 'Payroll' });
      return sitePage(world.server.baseUrl, client.widget_key, 'Portal', `<script>window.Livechat=window.Livechat||function(){(Livechat.q=Livechat.q||[]).push(arguments)};Livechat('identify',${identity})</script>`);
    });
    await page.goto(`${world.site.origin}/`);
    await launcher(page).click();
    const app = chatFrame(page);
    await app.getByLabel('Message', { exact: true }).waitFor();
    expect(await app.getByRole('button', { name: 'Start chat' }).count(), 'no lead form').to.equal(0);
    await app.getByLabel('Message', { exact: true }).fill('My payslip is missing');
    await app.getByLabel('Message', { exact: true }).press('Enter');
    const chat = await eventually(() => world.db.models.Chat.findOne({ where: { client_id: client.id } }));
    const visitor = await world.db.models.Visitor.findByPk(chat.visitor_id);
    expect(visitor).to.deep.include({ external_user_id: 'emp-7', identity_status: 'verified', name: 'Ida Employee', email: 'ida@staff.test' });

    agent = await signInAs(holder.browser, world.server.baseUrl, boss.email);
    await agent.page.click(`.chatitem[data-chat-id="${chat.id}"]`);
    await agent.page.locator('[data-testid=sb-identity]', { hasText: 'verified' }).waitFor();
    expect(await agent.page.locator('[data-testid=sb-name]').textContent()).to.contain('Ida Employee');
    expect(await agent.page.locator('.sidebar dd', { hasText: 'Payroll' }).count()).to.equal(1);
    await agent.page.screenshot({ path: artifactPath('secure-identity-dashboard.png') });
    await page.screenshot({ path: artifactPath('secure-identity-widget.png') });

    // The same agent marks it urgent, closes it from the list's bulk selection, and reopens it.
    const dash = agent.page;
    await dash.selectOption('[data-testid=priority]', 'urgent');
    await dash.locator(`.chatitem[data-chat-id="${chat.id}"] [data-testid=priority-chip]`, { hasText: 'urgent' }).waitFor();
    dash.on('dialog', (d) => void d.accept());
    await dash.click('[data-testid=bulk-select]');
    await dash.locator('.chatitem-wrap .pick').first().check();
    await dash.screenshot({ path: artifactPath('chat-bulk-select-dashboard.png') });
    await dash.click('[data-testid=bulk-close]');
    await eventually(async () => (await chat.reload()).status === 'closed');
    await dash.locator('[data-testid=reopen]').click();
    await eventually(async () => (await chat.reload()).status === 'waiting');
    await dash.locator('[data-testid=priority]').waitFor();
    await dash.setViewportSize({ width: 390, height: 844 });
    await dash.screenshot({ path: artifactPath('chat-priority-dashboard-phone.png') });
  });
});
