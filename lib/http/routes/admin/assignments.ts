import { z } from 'zod';
import { assignAgent } from '../../../domain/agents/assignAgent.js';
import { unassignAgent } from '../../../domain/agents/unassignAgent.js';
import { listClientTeam } from '../../../domain/agents/listClientTeam.js';
import { presentUser } from '../../../presenters/index.js';
import { AppError } from '../../../errors.js';
import { id } from '../../../domain/schemas.js';
import { route } from '../../route.js';

const pair = z.object({ clientId: id, userId: id });

/** Which agents answer which website. Anyone who works on a client sees its team (for transfers). */
const listClientTeamRoute = route({
  method: 'get',
  path: '/api/clients/:clientId/agents',
  permission: 'client.visible',
  input: { params: z.object({ clientId: id }) },
  run: (ctx, { params }) => listClientTeam(ctx.domain.models, params.clientId),
  present: (users) => ({ agents: users.map((u) => presentUser(u)) }),
});

const assignAgentRoute = route({
  method: 'put',
  path: '/api/clients/:clientId/agents/:userId',
  permission: 'agents.manage',
  input: { params: pair },
  run: (ctx, { params }) => assignAgent(ctx.domain, params),
  present: () => ({ assigned: true }),
  status: (created) => (created ? 201 : 200),
});

const unassignAgentRoute = route({
  method: 'delete',
  path: '/api/clients/:clientId/agents/:userId',
  permission: 'agents.manage',
  input: { params: pair },
  status: 204,
  run: async (ctx, { params }) => {
    if (!(await unassignAgent(ctx.domain, params))) throw new AppError('not_found', 'That agent is not assigned to that client.', 404);
  },
  present: () => null,
});

export const assignmentRoutes = [listClientTeamRoute, assignAgentRoute, unassignAgentRoute];
