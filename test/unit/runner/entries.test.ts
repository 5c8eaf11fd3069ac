import { expect } from 'chai';
import Koa from 'koa';
import Router from 'koa-router';
import { z } from 'zod';
import { createApp } from '../../../lib/http/app.js';
import { createInProcessBus } from '../../../lib/events/inProcessBus.js';
import { createLogger } from '../../../lib/logger.js';
import { DECLARED, mountRoutes, route, type HttpRoute } from '../../../lib/http/route.js';
import { policies } from '../../../lib/policies/registry.js';
import { frame } from '../../../lib/realtime/frame.js';
import { frameEntries } from '../../../lib/realtime/frames/index.js';
import { clientFrameSchema } from '../../../lib/realtime/frameSchema.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import type { Database } from '../../../lib/db/index.js';
import type { AppDeps } from '../../../lib/http/types.js';
import { systemClock } from '../../../lib/clock.js';

interface Layer {
  methods: string[];
  path: string;
  stack: ((...args: unknown[]) => unknown)[];
}

/** Middleware a router may `use` (not routes: they answer nothing themselves). */
const ROUTER_MIDDLEWARE = new Set<string>();

/**
 * Every layer of every router the app mounts, read from koa-router's own stacks: a route whose
 * handler mountRoutes made carries its declaration; anything else is mounted by hand.
 */
function entryTable(app: Koa<never, never>) {
  const declared: { route: string; permission: string }[] = [];
  const undeclared: string[] = [];
  for (const mw of app.middleware as unknown as { router?: { stack: Layer[] } }[]) {
    for (const layer of mw.router?.stack ?? []) {
      const handler = layer.stack[layer.stack.length - 1] as { [DECLARED]?: HttpRoute; name?: string };
      const methods = layer.methods.filter((m) => m !== 'HEAD');
      if (methods.length === 0) {
        // router.use(): only known middleware, never a handler slipped in that way.
        if (!layer.stack.every((fn) => ROUTER_MIDDLEWARE.has(fn.name))) undeclared.push(`USE ${layer.path}`);
        continue;
      }
      for (const method of methods) {
        const entry = handler[DECLARED];
        if (entry) declared.push({ route: `${method} ${layer.path}`, permission: entry.permission });
        else undeclared.push(`${method} ${layer.path}`);
      }
    }
  }
  return { declared, undeclared };
}

/**
 * Routes mounted by hand: none since every route of lib/http/routes/** is a declaration, and a new
 * route can never join it (test/integration/http/routeTable.test.ts lists each with its permission).
 */
const NOT_YET_DECLARED: string[] = [];

describe('every entry point is declared with a permission', () => {
  let install: Installed;
  let db: Database;
  let deps: AppDeps;
  before(async () => {
    install = await installFixture('sqlite');
    db = install.open();
    deps = { config: install.config as never, db, logger: createLogger('silent'), bus: createInProcessBus(), clock: systemClock };
  });
  after(async () => {
    await db?.close();
    await install?.cleanup();
  });

  it('lists every HTTP route the app mounts with its policy, and none mounted by hand', () => {
    const { declared, undeclared } = entryTable(createApp(deps) as never);
    console.log(`      ${declared.length} declared routes:\n${declared.map((d) => `        ${d.route.padEnd(52)} ${d.permission}`).join('\n')}`);
    for (const d of declared) expect(policies, d.route).to.have.property(d.permission);
    expect(declared.length, 'the walk finds the declared routes').to.be.greaterThan(0);
    expect(undeclared.filter((r) => !NOT_YET_DECLARED.includes(r)), 'routes mounted without a declaration (use route() and mountRoutes)').to.deep.equal([]);
    expect(NOT_YET_DECLARED.filter((r) => !undeclared.includes(r)), 'declared now: remove them from NOT_YET_DECLARED').to.deep.equal([]);
  });

  it('finds a route mounted by hand, and one slipped in with router.use', () => {
    const app = new Koa();
    const router = new Router();
    mountRoutes(router as never, deps, [route({ method: 'get', path: '/api/declared', permission: 'public', run: async () => 1, present: (n) => ({ n }) })]);
    router.get('/api/by-hand', (ctx) => {
      ctx.body = {};
    });
    router.use((ctx, next) => next());
    app.use(router.routes());
    const { declared, undeclared } = entryTable(app as never);
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
