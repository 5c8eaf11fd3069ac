import type { AppDeps, AppRouter } from '../types.js';

/** Liveness (the process answers) and readiness (database reachable, schema current). */
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
    const ready = Object.values(checks).every((c) => c.ok);
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'not_ready', checks };
  });
}
