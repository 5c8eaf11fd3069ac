import { z } from 'zod';
import { createAgent } from '../../../domain/agents/createAgent.js';
import { updateAgent } from '../../../domain/agents/updateAgent.js';
import { setPassword } from '../../../domain/agents/setPassword.js';
import { presentUser } from '../../../presenters/index.js';
import { notFound } from '../../../errors.js';
import { id } from '../../../domain/schemas.js';
import { allow, body, inTransaction, params } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';
import type { Models } from '../../../db/models/index.js';
import { setAvatar } from '../../../domain/profile/setAvatar.js';
import { dataPaths } from '../../../paths.js';
import { avatarUpload } from '../profile/avatarUpload.js';

const byId = z.object({ id });

async function clientIdsByUser(models: Models, userIds: number[]) {
  const rows = await models.ClientAgent.findAll({ where: { user_id: userIds }, attributes: ['user_id', 'client_id'] });
  const map = new Map<number, number[]>();
  for (const r of rows) map.set(r.user_id, [...(map.get(r.user_id) ?? []), r.client_id]);
  return map;
}

/** Accounts: super admins manage them; managers may read the list. */
export function agentRoutes(router: AppRouter, deps: AppDeps) {
  const { models } = deps.db;
  const readAvatar = avatarUpload(deps.config.files.avatarMaxBytes);

  router.get('/api/agents', async (ctx) => {
    allow(ctx, 'agents:read');
    const users = await models.User.findAll({ order: [['name', 'ASC']] });
    const assigned = await clientIdsByUser(models, users.map((u) => u.id));
    ctx.body = { agents: users.map((u) => presentUser(u, { clientIds: assigned.get(u.id) ?? [] })) };
  });

  router.get('/api/agents/:id', async (ctx) => {
    allow(ctx, 'agents:read');
    const { id: userId } = params(ctx, byId);
    const user = await models.User.findByPk(userId);
    if (!user) throw notFound('agent');
    const assigned = await clientIdsByUser(models, [user.id]);
    ctx.body = { agent: presentUser(user, { clientIds: assigned.get(user.id) ?? [] }) };
  });

  router.post('/api/agents', async (ctx) => {
    allow(ctx, 'agents:manage');
    const user = await inTransaction(deps, ctx, (dctx) => createAgent(dctx, body(ctx) as never));
    const assigned = await clientIdsByUser(models, [user.id]);
    ctx.status = 201;
    ctx.body = { agent: presentUser(user, { clientIds: assigned.get(user.id) ?? [] }) };
  });

  router.patch('/api/agents/:id', async (ctx) => {
    allow(ctx, 'agents:manage');
    const { id: userId } = params(ctx, byId);
    const user = await inTransaction(deps, ctx, (dctx) => updateAgent(dctx, userId, body(ctx) as never));
    ctx.body = { agent: presentUser(user) };
  });

  /** Deleting an account disables it: its messages keep their author. */
  router.delete('/api/agents/:id', async (ctx) => {
    allow(ctx, 'agents:manage');
    const { id: userId } = params(ctx, byId);
    const user = await inTransaction(deps, ctx, (dctx) => updateAgent(dctx, userId, { isActive: false }));
    ctx.body = { agent: presentUser(user) };
  });

  /** A super admin sets an agent's avatar (the agent can also set their own in the profile). */
  router.post('/api/agents/:id/avatar', async (ctx) => {
    allow(ctx, 'agents:manage');
    const { id: userId } = params(ctx, byId);
    if (!(await models.User.findByPk(userId, { attributes: ['id'] }))) throw notFound('agent');
    const bytes = await readAvatar(ctx);
    const { avatarMaxBytes } = deps.config.files;
    await inTransaction(deps, ctx, (dctx) => setAvatar(dctx, { userId, bytes, maxBytes: avatarMaxBytes, avatarsDir: dataPaths(deps.config.dataDir).avatars }));
    const user = (await models.User.findByPk(userId))!;
    const assigned = await clientIdsByUser(models, [user.id]);
    ctx.body = { agent: presentUser(user, { clientIds: assigned.get(user.id) ?? [] }) };
  });

  router.put('/api/agents/:id/password', async (ctx) => {
    allow(ctx, 'agents:manage');
    const { id: userId } = params(ctx, byId);
    const { password } = (body(ctx) as { password?: unknown }) ?? {};
    await inTransaction(deps, ctx, (dctx) => setPassword(dctx, userId, password as string));
    ctx.status = 204;
  });
}
