import type { AppDeps, AppRouter } from '../types.js';
import { probeDisk, probeRedis } from '../../jobs/health/probes.js';

/** Liveness (the process answers) and readiness (database reachable, schema current, free disk, Redis when configured). */
export function healthRoutes(router: AppRouter, deps: AppDeps) {
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const checks: Record<string, { ok: boolean; message?: string }> = {};
    try {
      await deps.db.sequelize.query('SELECT 1');
      checks.database = { ok: true };
      const { pending } = await deps.db.migrator.status();
      checks.migrations = pending.length === 0 ? { ok: true } : { ok: false, message: `${pending.length} pending: run livechat migrate up` };
    } catch (err) {
      checks.database = { ok: false, message: (err as Error).message };
    }
    // The same checks the health job alerts the admins on.
    checks.disk = await probeDisk(deps.config);
    const redis = await probeRedis(deps.redis ?? null);
    if (redis) checks.redis = redis;
    // Low disk is reported (and e-mailed by the health job) but a node that still serves stays in the pool.
    const ready = Object.entries(checks).every(([name, c]) => c.ok || name === 'disk');
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'not_ready', checks };
  });
}
