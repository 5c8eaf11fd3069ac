import type { AppContext, AppDeps, AppRouter } from '../types.js';
import { probeDisk, probeRedis, type Probe } from '../../jobs/health/probes.js';
import { createDatabaseProbe } from '../../db/probe.js';
import { within } from '../../deadline.js';
import { resolveSession } from '../../domain/auth/sessions.js';
import { SESSION_COOKIE } from '../middleware/session.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * Asked on this machine itself: from a loopback address and not relayed by a proxy (nginx on the
 * same host connects from 127.0.0.1 for every visitor, and says so with X-Forwarded-For).
 */
const askedLocally = (ctx: AppContext) => LOOPBACK.test(ctx.req.socket.remoteAddress ?? '') && !ctx.get('x-forwarded-for') && !ctx.get('forwarded');

/**
 * Liveness (the process answers) and readiness (database reachable, schema current, free disk,
 * Redis when configured). Mounted before the session middleware: /readyz must answer within
 * server.readyTimeoutMs even when the database does not, so it never waits on the request pool.
 * Only {status} for strangers; the checks (paths, versions, errors) for this machine and super admins.
 */
export function healthRoutes(router: AppRouter, deps: AppDeps) {
  const ms = deps.config.server.readyTimeoutMs;
  const databaseProbe = deps.databaseProbe ?? createDatabaseProbe(deps.config, deps.db);
  const failed = (err: unknown): Probe => ({ ok: false, message: (err as Error).message });

  const mayReadDetails = async (ctx: AppContext, databaseUp: boolean) => {
    if (askedLocally(ctx)) return true;
    const cookie = ctx.cookies.get(SESSION_COOKIE);
    if (!cookie || !databaseUp) return false;
    const found = await within(resolveSession(deps.db.models, cookie), ms, 'the session lookup').catch(() => null);
    return found?.user.role === 'super_admin';
  };

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const [database, disk, redis] = await Promise.all([
      databaseProbe(ms).then((): Probe => ({ ok: true, message: `${deps.db.dialect} answered` }), failed),
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
    ctx.status = ready ? 200 : 503;
    const status = ready ? 'ready' : 'not_ready';
    ctx.body = (await mayReadDetails(ctx, database.ok)) ? { status, checks } : { status };
  });
}
