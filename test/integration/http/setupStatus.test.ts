import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../../lib/domain/schemas.js';

/**
 * GET /api/setup-status tells admins (and the dashboard's banner) that mail is not set up while
 * a website's offline form promises an answer by e-mail; agents and managers are refused.
 */
describeEachDialect('GET /api/setup-status', (dialect) => {
  const runs: { install: Installed; server: Awaited<ReturnType<typeof startTestServer>>; db: ReturnType<Installed['open']> }[] = [];
  after(async () => {
    for (const run of runs) {
      await run.server.close();
      await run.db.close();
      await run.install.cleanup();
    }
  });

  async function serve(extra: Record<string, unknown> = {}) {
    const install = await installFixture(dialect, extra);
    const db = install.open();
    const f = factories(db);
    const promising = await f.client({ name: 'Promises mail' });
    await f.client({ name: 'Says nothing', widget_settings: { ...DEFAULT_WIDGET_SETTINGS, offlineText: 'Leave a message.', offlineThanks: 'Thanks, we will call you back.', offlineTitle: 'Closed' } });
    await f.client({ name: 'Disabled', is_active: false });
    await f.user('super_admin', { email: 'root@example.test' });
    await f.user('manager', { email: 'm@example.test' });
    await f.user('agent', { email: 'a@example.test' }, [promising.id]);
    const server = await startTestServer(install);
    runs.push({ install, server, db });
    return { server, promising };
  }

  it('says mail is not configured and lists the enabled websites whose offline texts promise e-mail', async () => {
    const { server, promising } = await serve();
    const admin = await signedIn(server.baseUrl, 'root@example.test', TEST_PASSWORD);
    const res = await admin.get('/api/setup-status');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ mailConfigured: false, websitesPromisingEmail: [{ id: promising.id, name: 'Promises mail' }] });
  });

  it('says mail is configured when smtp.url is set', async () => {
    const { server } = await serve({ smtp: { url: 'smtp://127.0.0.1:2525' } });
    const admin = await signedIn(server.baseUrl, 'root@example.test', TEST_PASSWORD);
    const res = await admin.get('/api/setup-status');
    expect(res.status).to.equal(200);
    expect(res.body.mailConfigured).to.equal(true);
  });

  it('refuses agents, managers and anonymous callers', async () => {
    const { server } = runs[0];
    for (const email of ['a@example.test', 'm@example.test']) {
      const user = await signedIn(server.baseUrl, email, TEST_PASSWORD);
      const res = await user.get('/api/setup-status');
      expect(res.status, email).to.equal(403);
      expect(JSON.stringify(res.body), email).to.not.include('Promises mail');
    }
    const anonymous = await fetch(`${server.baseUrl}/api/setup-status`);
    expect(anonymous.status).to.equal(401);
  });
});
