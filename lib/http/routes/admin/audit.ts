import { z } from 'zod';
import { Op } from 'sequelize';
import { allow, query } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

/** The audit log (logins, failed logins, admin changes, downloads), newest first, for super admins. */
export function auditRoutes(router: AppRouter, deps: AppDeps) {
  router.get('/api/audit', async (ctx) => {
    allow(ctx, 'audit:read');
    const q = query(ctx, z.object({ action: z.string().max(60).optional(), beforeId: z.coerce.number().int().positive().optional() }));
    const where: Record<string, unknown> = {};
    if (q.action) where.action = q.action;
    if (q.beforeId) where.id = { [Op.lt]: q.beforeId };
    const rows = await deps.db.models.AuditLog.findAll({ where, order: [['id', 'DESC']], limit: 100 });
    ctx.body = {
      entries: rows.map((r) => ({
        id: r.id,
        actorType: r.actor_type,
        actorId: r.actor_id,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        ip: r.ip,
        details: r.details,
        createdAt: new Date(r.created_at).toISOString(),
      })),
    };
  });
}
