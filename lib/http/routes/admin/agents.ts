import { z } from 'zod';
import { createAgent } from '../../../domain/agents/createAgent.js';
import { updateAgent } from '../../../domain/agents/updateAgent.js';
import { setPassword } from '../../../domain/agents/setPassword.js';
import { presentUser } from '../../../presenters/index.js';
import { notFound } from '../../../errors.js';
import { id } from '../../../domain/schemas.js';
import { allow, body, inTransaction, params } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';
import { getAgent, listAgents, type AgentWithClients } from '../../../domain/agents/listAgents.js';
import { setAvatar } from '../../../domain/profile/setAvatar.js';
import { dataPaths } from '../../../paths.js';
import { avatarUpload } from '../profile/avatarUpload.js';

const byId = z.object({ id });

const present = ({ user, clientIds }: AgentWithClients) => ({ agent: presentUser(user, { clientIds }) });

/** Accounts: super admins manage them; managers may read the list. */
export function agentRoutes(router: AppRouter, deps: AppDeps) {
  const { models } = deps.db;
  const readAvatar = avatarUpload(deps.config.files.avatarMaxBytes);

  router.get('/api/agents', async (ctx) => {
    allow(ctx, 'agents:read');
    ctx.body = { agents: (await listAgents(models)).map(({ user, clientIds }) => presentUser(user, { clientIds })) };
  });

  router.get('/api/agents/:id', async (ctx) => {
    allow(ctx, 'agents:read');
    const { id: userId } = params(ctx, byId);
    ctx.body = present(await getAgent(models, userId));
  });

  router.post('/api/agents', async (ctx) => {
    allow(ctx, 'agents:manage');
    const user = await inTransaction(deps, ctx, (dctx) => createAgent(dctx, body(ctx) as never));
    ctx.status = 201;
    ctx.body = present(await getAgent(models, user.id));
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
    ctx.body = present(await getAgent(models, userId));
  });

  router.put('/api/agents/:id/password', async (ctx) => {
    allow(ctx, 'agents:manage');
    const { id: userId } = params(ctx, byId);
    const { password } = (body(ctx) as { password?: unknown }) ?? {};
    await inTransaction(deps, ctx, (dctx) => setPassword(dctx, userId, password as string));
    ctx.status = 204;
  });
}
