import { expect } from 'chai';
import type { Installed } from '../../helpers/install.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { ApiClient, signedIn } from '../../helpers/http.js';
import type { RunningServer } from '../../../lib/server.js';

/** As a request relayed by a reverse proxy on this host arrives (nginx connects from 127.0.0.1). */
const RELAYED = { 'x-forwarded-for': '203.0.113.7' };

/**
 * GET /readyz tells a load balancer ready or not to anyone, but what it checked (the data folder's
 * path, database and Redis errors) only to this machine itself or a signed-in super admin.
 */
describe('GET /readyz: details only for this machine or a super admin', function () {
  let install: Installed;
  let server: RunningServer & { baseUrl: string };
  let admin: ApiClient;
  let agent: ApiClient;

  const scene = withServer('sqlite');
  before(async () => {
    ({ install, server } = scene);
    const [a, b] = [await scene.f.user('super_admin'), await scene.f.user('agent')];
    admin = await signedIn(server.baseUrl, a.email, TEST_PASSWORD);
    agent = await signedIn(server.baseUrl, b.email, TEST_PASSWORD);
  });

  it('shows the checks to a request from this machine', async () => {
    const res = await new ApiClient(server.baseUrl).get('/readyz');
    expect(res.status).to.equal(200);
    expect(res.body.status).to.equal('ready');
    expect(res.body.checks.database.ok).to.equal(true);
    expect(res.body.checks.disk.message).to.include(install.dataDir);
  });

  it('shows only {status} to anyone else: an anonymous visitor through the proxy, a signed-in agent, a bad cookie', async () => {
    const stranger = await new ApiClient(server.baseUrl).request('GET', '/readyz', undefined, RELAYED);
    expect(stranger.status).to.equal(200);
    expect(stranger.body).to.deep.equal({ status: 'ready' });
    expect(JSON.stringify(stranger.body)).not.to.include(install.dataDir);
    expect((await agent.request('GET', '/readyz', undefined, RELAYED)).body).to.deep.equal({ status: 'ready' });
    const forged = await new ApiClient(server.baseUrl).request('GET', '/readyz', undefined, { ...RELAYED, cookie: 'lc_session=not-a-session' });
    expect(forged.body).to.deep.equal({ status: 'ready' });
  });

  it('shows the checks to a signed-in super admin through the proxy', async () => {
    const res = await admin.request('GET', '/readyz', undefined, RELAYED);
    expect(res.status).to.equal(200);
    expect(res.body.checks.database.ok).to.equal(true);
    expect(res.body.checks.migrations.ok).to.equal(true);
  });
});
