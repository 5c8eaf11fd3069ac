import { z } from 'zod';
import { assignAgent } from '../../../domain/agents/assignAgent.js';
import { listClientTeam } from '../../../domain/agents/listClientTeam.js';
import { unassignAgent } from '../../../domain/agents/unassignAgent.js';
import { assertClientVisible } from '../../../policies/index.js';
import { presentUser } from '../../../presenters/index.js';
import { id } from '../../../domain/schemas.js';
import { allow, currentUser, inTransaction, params } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

const pair = z.object({ id, userId: id });

/** Which agents answer which website. Anyone who works on a client sees its team (for transfers). */
export function assignmentRoutes(router: AppRouter, deps: AppDeps) {
  const { models } = deps.db;

  router.get('/api/clients/:id/agents', async (ctx) => {
    const { id: clientId } = params(ctx, z.object({ id }));
    await assertClientVisible(models, currentUser(ctx), clientId, 'client');
    ctx.body = { agents: (await listClientTeam(models, clientId)).map((u) => presentUser(u)) };
  });

  router.put('/api/clients/:id/agents/:userId', async (ctx) => {
    allow(ctx, 'agents:manage');
    const { id: clientId, userId } = params(ctx, pair);
    const created = await inTransaction(deps, ctx, (dctx) => assignAgent(dctx, { clientId, userId }));
    ctx.status = created ? 201 : 200;
    ctx.body = { assigned: true };
  });

  router.delete('/api/clients/:id/agents/:userId', async (ctx) => {
    allow(ctx, 'agents:manage');
    const { id: clientId, userId } = params(ctx, pair);
    const removed = await inTransaction(deps, ctx, (dctx) => unassignAgent(dctx, { clientId, userId }));
    ctx.status = removed ? 204 : 404;
    if (!removed) ctx.body = { error: { code: 'not_found', message: 'That agent is not assigned to that client.' } };
  });
}
