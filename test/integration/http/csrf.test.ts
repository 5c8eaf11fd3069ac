import { expect } from 'chai';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { withServer } from '../../helpers/scene.js';
import { appOf, mountedRoutes, type MountedRoute } from '../../helpers/routes.js';
import { ApiClient, signedIn } from '../../helpers/http.js';

const UNSAFE = ['POST', 'PUT', 'PATCH', 'DELETE'];
/** A concrete path for a route pattern: every :param becomes 1. */
const concrete = (pattern: string) => pattern.replace(/:[A-Za-z]+/g, '1');
/** The same path with its letters in capitals (ids stay). */
const capitalised = (path: string) => path.toUpperCase();

describe('CSRF and case-sensitive routing, over every route the app declares', () => {
  const scene = withServer('sqlite');
  let routes: MountedRoute[];

  before(() => {
    routes = mountedRoutes(appOf(scene.install.config, scene.db)).filter((r) => UNSAFE.includes(r.method));
  });

  it('finds the routes (the walk sees the dashboard writes and the widget ones)', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).to.include.members(['POST /api/clients', 'DELETE /api/agents/:userId', 'POST /api/auth/logout', 'POST /api/widget/session']);
    expect(routes.length).to.be.greaterThan(20);
  });

  it('refuses every cookie-authenticated write without the X-CSRF-Token, 403 csrf_failed, and changes nothing', async () => {
    await scene.f.user('super_admin', { email: 'walker@example.test' });
    const api = await signedIn(scene.server.baseUrl, 'walker@example.test', TEST_PASSWORD);
    const anonymous = new ApiClient(scene.server.baseUrl);
    const before = await scene.db.models.Client.count();
    let cookieRoutes = 0;
    for (const route of routes) {
      const path = concrete(route.path);
      const label = `${route.method} ${path}`;
      // A route that wants a signed-in user answers 401 without the cookie: those are the cookie-authenticated ones.
      const withoutCookie = await anonymous.request(route.method, path, {});
      const tokenless = await api.request(route.method, path, {}, { 'x-csrf-token': '' });
      expect(tokenless.status, label).to.not.be.within(200, 299);
      if (withoutCookie.status === 401 && withoutCookie.body?.error?.code === 'unauthenticated' && !path.startsWith('/api/widget/')) {
        cookieRoutes++;
        expect(tokenless.status, label).to.equal(403);
        expect(tokenless.body.error.code, label).to.equal('csrf_failed');
        const foreign = await api.request(route.method, path, {}, { origin: 'https://evil.example' });
        expect(foreign.status, `${label} from another site`).to.equal(403);
      }
    }
    expect(cookieRoutes).to.be.greaterThan(20);
    expect(await scene.db.models.Client.count()).to.equal(before);
    // The token still opens the door (the refusals above are the CSRF check, not a broken session).
    expect((await api.post('/api/clients', { name: 'Walked', domains: ['walked.example'] })).status).to.equal(201);
  });

  it('answers 404 to every route written in capitals, with or without the token, and changes nothing', async () => {
    await scene.f.user('super_admin', { email: 'caps@example.test' });
    const api = await signedIn(scene.server.baseUrl, 'caps@example.test', TEST_PASSWORD);
    const before = await scene.db.models.Client.count();
    for (const route of routes) {
      const path = capitalised(concrete(route.path));
      for (const headers of [{}, { 'x-csrf-token': '' }] as Record<string, string>[]) {
        const res = await api.request(route.method, path, {}, headers);
        expect(res.status, `${route.method} ${path}`).to.equal(404);
      }
      const mixed = concrete(route.path).replace('/api/', '/Api/');
      expect((await api.request(route.method, mixed, {}, { 'x-csrf-token': '' })).status, `${route.method} ${mixed}`).to.equal(404);
    }
    expect((await api.get('/API/auth/me')).status).to.equal(404);
    // A browser asking for a page gets the API's 404 too, not the dashboard's page.
    const page = await api.request('GET', '/API/clients', undefined, { accept: 'text/html' });
    expect(page.status).to.equal(404);
    expect(page.body.error.code).to.equal('not_found');
    expect(await scene.db.models.Client.count()).to.equal(before);
  });
});
