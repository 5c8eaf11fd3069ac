import type { AppContext, AppDeps } from '../types.js';
import { probeDisk, probeRedis, type Probe } from '../../jobs/health/probes.js';
import { createDatabaseProbe, type DatabaseProbe } from '../../db/probe.js';
import { within } from '../../deadline.js';
import { resolveSession } from '../../domain/auth/sessions.js';
import { SESSION_COOKIE } from '../middleware/session.js';
import { route } from '../route.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * Asked on this machine itself: from a loopback address and not relayed by a proxy (nginx on the
 * same host connects from 127.0.0.1 for every visitor, and says so with X-Forwarded-For).
 */
const askedLocally = (ctx: AppContext) => LOOPBACK.test(ctx.req.socket.remoteAddress ?? '') && !ctx.get('x-forwarded-for') && !ctx.get('forwarded');

/** One database probe per app (the probe keeps its own connection, never the request pool's). */
const probes = new WeakMap<AppDeps, DatabaseProbe>();
const databaseProbeOf = (deps: AppDeps) => {
  let probe = deps.databaseProbe ?? probes.get(deps);
  if (!probe) probes.set(deps, (probe = createDatabaseProbe(deps.config, deps.db)));
  return probe;
};

/** The checks (paths, versions, errors) are for this machine and super admins; only {status} for strangers. */
async function mayReadDetails(ctx: AppContext, deps: AppDeps, databaseUp: boolean) {
  if (askedLocally(ctx)) return true;
  const cookie = ctx.cookies.get(SESSION_COOKIE);
  if (!cookie || !databaseUp) return false;
  const found = await within(resolveSession(deps.db.models, cookie), deps.config.server.readyTimeoutMs, 'the session lookup').catch(() => null);
  return found?.user.role === 'super_admin';
}

/** Liveness: the process answers. */
const livenessRoute = route({
  method: 'get',
  path: '/healthz',
  permission: 'public',
  run: async () => 'ok' as const,
  present: (status) => ({ status }),
});

/**
 * Readiness: database reachable, schema current, free disk, Redis when configured. Mounted before
 * the session middleware and answering within server.readyTimeoutMs even when the database does
 * not, so it never waits on the request pool (the runner opens no transaction for a GET).
 */
const readinessRoute = route({
  method: 'get',
  path: '/readyz',
  permission: 'public',
  run: async (ctx) => {
    const { deps, http } = ctx.env;
    const ms = deps.config.server.readyTimeoutMs;
    const failed = (err: unknown): Probe => ({ ok: false, message: (err as Error).message });
    const [database, disk, redis] = await Promise.all([
      databaseProbeOf(deps)(ms).then((): Probe => ({ ok: true, message: `${deps.db.dialect} answered` }), failed),
      probeDisk(deps.config),
      probeRedis(deps.redis ?? null, ms),
    ]);
    const checks: Record<string, Probe> = { database };
    if (database.ok) {
      checks.migrations = await within(deps.db.migrator.status(), ms, 'the migration status').then(
        ({ pending }): Probe => (pending.length === 0 ? { ok: true, message: 'none pending' } : { ok: false, message: `${pending.length} pending: run livechat migrate up` }),
        failed,
      );
    }
    // The same checks the health job alerts the admins on.
    checks.disk = disk;
    if (redis) checks.redis = redis;
    // Low disk is reported (and e-mailed by the health job) but a node that still serves stays in the pool.
    const ready = Object.entries(checks).every(([name, c]) => c.ok || name === 'disk');
    return { ready, checks, details: await mayReadDetails(http, deps, database.ok) };
  },
  present: ({ ready, checks, details }) => {
    const status = ready ? 'ready' : 'not_ready';
    return details ? { status, checks } : { status };
  },
  status: ({ ready }) => (ready ? 200 : 503),
});

export const healthRoutes = [livenessRoute, readinessRoute];
