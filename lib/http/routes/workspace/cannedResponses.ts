import { z } from 'zod';
import { createCannedResponse } from '../../../domain/canned/createCannedResponse.js';
import { listCannedResponses } from '../../../domain/canned/listCannedResponses.js';
import { deleteCannedResponse } from '../../../domain/canned/deleteCannedResponse.js';
import { updateCannedResponse } from '../../../domain/canned/updateCannedResponse.js';
import { assertClientVisible, assertMayWriteCanned, visibleClientIds } from '../../../policies/index.js';
import { parseInput } from '../../../domain/validate.js';
import { notFound } from '../../../errors.js';
import { id } from '../../../domain/schemas.js';
import { body, currentUser, inTransaction, params, query } from '../helpers.js';
import type { AppContext, AppDeps, AppRouter } from '../../types.js';
import { presentCannedResponse as present } from '../../../presenters/workspace.js';

const scope = z.object({ clientId: z.number().int().positive().nullable().optional() });

/** Saved replies: global ones and those of the user's websites; `/shortcut` in the chat input finds them. */
export function cannedResponseRoutes(router: AppRouter, deps: AppDeps) {
  const { models } = deps.db;

  const findVisible = async (ctx: AppContext) => {
    const { id: replyId } = params(ctx, z.object({ id }));
    const row = await models.CannedResponse.findByPk(replyId);
    if (!row) throw notFound('saved reply');
    if (row.client_id !== null) await assertClientVisible(models, currentUser(ctx), row.client_id, 'saved reply');
    return row;
  };

  router.get('/api/canned-responses', async (ctx) => {
    const user = currentUser(ctx);
    const q = query(ctx, z.object({ clientId: id.optional() }));
    const visible = await visibleClientIds(models, user);
    if (q.clientId) await assertClientVisible(models, user, q.clientId, 'client');
    const clientScope = q.clientId ? [q.clientId] : visible;
    const rows = await listCannedResponses(models, clientScope);
    ctx.body = { cannedResponses: rows.map(present) };
  });

  router.post('/api/canned-responses', async (ctx) => {
    const user = currentUser(ctx);
    const { clientId = null } = parseInput(scope.passthrough(), body(ctx));
    await assertMayWriteCanned(models, user, clientId);
    const row = await inTransaction(deps, ctx, (dctx) => createCannedResponse(dctx, user.id, body(ctx) as never));
    ctx.status = 201;
    ctx.body = { cannedResponse: present(row) };
  });

  router.patch('/api/canned-responses/:id', async (ctx) => {
    const user = currentUser(ctx);
    const row = await findVisible(ctx);
    await assertMayWriteCanned(models, user, row.client_id);
    const next = parseInput(scope.passthrough(), body(ctx));
    if (next.clientId !== undefined) await assertMayWriteCanned(models, user, next.clientId);
    await inTransaction(deps, ctx, (dctx) => updateCannedResponse(dctx, row, body(ctx) as never));
    ctx.body = { cannedResponse: present(row) };
  });

  router.delete('/api/canned-responses/:id', async (ctx) => {
    const user = currentUser(ctx);
    const row = await findVisible(ctx);
    await assertMayWriteCanned(models, user, row.client_id);
    await inTransaction(deps, ctx, (dctx) => deleteCannedResponse(dctx, row));
    ctx.status = 204;
  });
}
