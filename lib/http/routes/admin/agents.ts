import { z } from 'zod';
import { createAgent, createAgentInput } from '../../../domain/agents/createAgent.js';
import { updateAgent, updateAgentInput } from '../../../domain/agents/updateAgent.js';
import { setPassword } from '../../../domain/agents/setPassword.js';
import { getAgent, listAgents, type AgentWithClients } from '../../../domain/agents/listAgents.js';
import { presentUser } from '../../../presenters/index.js';
import type { UserRow } from '../../../db/models/user.js';
import { id } from '../../../domain/schemas.js';
import { route } from '../../route.js';
import { receiveAvatar } from '../profile/avatarUpload.js';

const byId = z.object({ userId: id });
const presentAgent = ({ user, clientIds }: AgentWithClients) => ({ agent: presentUser(user, { clientIds }) });
const presentPlain = (user: UserRow) => ({ agent: presentUser(user) });

/** Accounts: super admins manage them; managers may read the list. */
const listAgentsRoute = route({
  method: 'get',
  path: '/api/agents',
  permission: 'agents.read',
  run: (ctx) => listAgents(ctx.domain),
  present: (agents) => ({ agents: agents.map((a) => presentAgent(a).agent) }),
});

const getAgentRoute = route({
  method: 'get',
  path: '/api/agents/:userId',
  permission: 'agents.read',
  input: { params: byId },
  run: (ctx, { params }) => getAgent(ctx.domain, params.userId),
  present: presentAgent,
});

const createAgentRoute = route({
  method: 'post',
  path: '/api/agents',
  permission: 'agents.manage',
  input: { body: createAgentInput },
  status: 201,
  run: async (ctx, { body }) => getAgent(ctx.domain, (await createAgent(ctx.domain, body)).id),
  present: presentAgent,
});

const updateAgentRoute = route({
  method: 'patch',
  path: '/api/agents/:userId',
  permission: 'agents.manage',
  input: { params: byId, body: updateAgentInput },
  run: (ctx, { params, body }) => updateAgent(ctx.domain, params.userId, body),
  present: presentPlain,
});

/** Deleting an account disables it: its messages keep their author. */
const disableAgentRoute = route({
  method: 'delete',
  path: '/api/agents/:userId',
  permission: 'agents.manage',
  input: { params: byId },
  run: (ctx, { params }) => updateAgent(ctx.domain, params.userId, { isActive: false }),
  present: presentPlain,
});

/** A super admin sets an agent's avatar (the agent can also set their own in the profile). */
const setAgentAvatarRoute = route({
  method: 'post',
  path: '/api/agents/:userId/avatar',
  permission: 'agents.manage',
  input: { params: byId },
  // The image is read after the checks, outside the transaction (receiveAvatar opens the unit of work).
  unitOfWork: 'none',
  run: async (ctx, { params }) => {
    await getAgent(ctx.domain, params.userId);
    await receiveAvatar(ctx, params.userId);
    return getAgent(ctx.domain, params.userId);
  },
  present: presentAgent,
});

const setAgentPasswordRoute = route({
  method: 'put',
  path: '/api/agents/:userId/password',
  permission: 'agents.manage',
  // The password is validated by setPassword (its refusal names the field).
  input: { params: byId, body: z.looseObject({ password: z.string().optional() }) },
  status: 204,
  run: (ctx, { params, body }) => setPassword(ctx.domain, params.userId, body.password as string),
  present: () => null,
});

export const agentRoutes = [listAgentsRoute, getAgentRoute, createAgentRoute, updateAgentRoute, disableAgentRoute, setAgentAvatarRoute, setAgentPasswordRoute];
