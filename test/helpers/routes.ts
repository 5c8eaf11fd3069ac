import type Koa from 'koa';
import { createApp } from '../../lib/http/app.js';
import { DECLARED, type HttpRoute } from '../../lib/http/route.js';
import { createInProcessBus } from '../../lib/events/inProcessBus.js';
import { createLogger } from '../../lib/logger.js';
import { requireServerSecrets } from '../../lib/config/secrets.js';
import { systemClock } from '../../lib/clock.js';
import type { Config } from '../../lib/config/schema.js';
import type { Database } from '../../lib/db/index.js';
import type { AppDeps } from '../../lib/http/types.js';

/** One route of a mounted router: `USE` for a `router.use()` layer (middleware, never a declaration). */
export interface MountedRoute {
  method: string;
  path: string;
  /** The declaration its handler runs; undefined: mounted by hand, skipping the runner (validation, identity, permission). */
  declared?: HttpRoute;
}

interface Layer {
  methods: string[];
  path: string;
  stack: ((...args: unknown[]) => unknown)[];
}

/** Every layer of every router an app mounts, read from koa-router's own stacks (HEAD rows left out: GET's twins). */
export function mountedRoutes(app: Koa<any, any>): MountedRoute[] {
  const out: MountedRoute[] = [];
  for (const mw of app.middleware as unknown as { router?: { stack: Layer[] } }[]) {
    for (const layer of mw.router?.stack ?? []) {
      const handler = layer.stack.at(-1) as { [DECLARED]?: HttpRoute } | undefined;
      const methods = layer.methods.filter((m) => m !== 'HEAD');
      if (methods.length === 0) out.push({ method: 'USE', path: layer.path });
      for (const method of methods) out.push({ method, path: layer.path, declared: handler?.[DECLARED] });
    }
  }
  return out;
}

/** What an app of an install is made of, with a quiet logger and an in-process bus. */
export const appDepsOf = (config: Config, db: Database): AppDeps => ({ config: requireServerSecrets(config), db, logger: createLogger('silent'), bus: createInProcessBus(), clock: systemClock });

/** The real app of an install, never listening: its routers are walked, not called. */
export const appOf = (config: Config, db: Database) => createApp(appDepsOf(config, db));
