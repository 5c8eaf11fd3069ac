import { expect } from 'chai';
import Koa from 'koa';
import Router from 'koa-router';
import { z } from 'zod';
import { mountRoutes, route } from '../../../lib/http/route.js';
import { policies } from '../../../lib/policies/registry.js';
import { frame } from '../../../lib/realtime/frame.js';
import { frameEntries } from '../../../lib/realtime/frames/index.js';
import { clientFrameSchema } from '../../../lib/realtime/frameSchema.js';
import { withDatabase } from '../../helpers/scene.js';
import { appDepsOf, appOf, mountedRoutes } from '../../helpers/routes.js';

/** The app's HTTP routes as declared (route, permission) and those mounted by hand (or slipped in with router.use). */
function entryTable(app: Koa<any, any>) {
  const routes = mountedRoutes(app);
  return {
    declared: routes.flatMap((r) => (r.declared ? [{ route: `${r.method} ${r.path}`, permission: r.declared.permission }] : [])),
    undeclared: routes.filter((r) => !r.declared).map((r) => `${r.method} ${r.path}`),
  };
}

describe('every entry point is declared with a permission', () => {
  const scene = withDatabase('sqlite');

  it('lists every HTTP route the app mounts with its policy, and none mounted by hand', () => {
    const { declared, undeclared } = entryTable(appOf(scene.install.config, scene.db));
    console.log(`      ${declared.length} declared routes:\n${declared.map((d) => `        ${d.route.padEnd(52)} ${d.permission}`).join('\n')}`);
    for (const d of declared) expect(policies, d.route).to.have.property(d.permission);
    expect(declared.length, 'the walk finds the declared routes').to.be.greaterThan(0);
    expect(undeclared, 'routes mounted without a declaration (use route() and mountRoutes)').to.deep.equal([]);
  });

  it('finds a route mounted by hand, and one slipped in with router.use', () => {
    const app = new Koa();
    const router = new Router();
    mountRoutes(router as never, appDepsOf(scene.install.config, scene.db), [route({ method: 'get', path: '/api/declared', permission: 'public', run: async () => 1, present: (n) => ({ n }) })]);
    router.get('/api/by-hand', (ctx) => {
      ctx.body = {};
    });
    router.use((ctx, next) => next());
    app.use(router.routes());
    const { declared, undeclared } = entryTable(app);
    expect(declared).to.deep.equal([{ route: 'GET /api/declared', permission: 'public' }]);
    expect(undeclared).to.deep.equal(['GET /api/by-hand', 'USE ([^/]*)']);
  });

  it('lists every socket frame with its policy: one declaration per frame type, no more', () => {
    const types = clientFrameSchema.options.map((o) => o.shape.type.value as string).sort();
    expect(Object.keys(frameEntries).sort()).to.deep.equal(types);
    const table = Object.values(frameEntries).map((e) => `        ${e.type.padEnd(16)} ${e.permission}`);
    console.log(`      ${table.length} declared frames:\n${table.join('\n')}`);
    for (const [type, entry] of Object.entries(frameEntries)) {
      expect(entry.type).to.equal(type);
      expect(policies, type).to.have.property(entry.permission);
    }
  });

  it('does not compile an entry without a permission, or with one that reads input the entry lacks', () => {
    // These lines are checked by `tsc -p tsconfig.test.json`: each must be a type error.
    // (Cast past the type, route() refuses these two at start-up too.)
    // @ts-expect-error: no permission
    expect(() => route({ method: 'get', path: '/x', run: async () => 1, present: () => ({}) })).to.throw('no known permission');
    // @ts-expect-error: not a policy name
    expect(() => route({ method: 'get', path: '/x', permission: 'chat.anything', run: async () => 1, present: () => ({}) })).to.throw('no known permission');
    // @ts-expect-error: chat.write reads chatId, which this route's input does not have
    route({ method: 'post', path: '/x', permission: 'chat.write', input: { body: z.object({ text: z.string() }) }, run: async () => 1, present: () => ({}) });
    route({ method: 'post', path: '/x/:chatId', permission: 'chat.write', input: { params: z.object({ chatId: z.coerce.number() }) }, run: async () => 1, present: () => ({}) });
    // @ts-expect-error: no permission
    frame({ type: 'typing', run: async () => undefined, present: () => undefined });
    // @ts-expect-error: channel.listen reads channel, which a typing frame does not have
    frame({ type: 'typing', permission: 'channel.listen', run: async () => undefined, present: () => undefined });
  });
});
