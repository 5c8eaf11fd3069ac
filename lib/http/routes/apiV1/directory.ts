import { z } from 'zod';
import { visibleClientIds } from '../../../policies/index.js';
import { subjectOf } from '../../../identity/identity.js';
import { listClients } from '../../../domain/clients/listClients.js';
import { listAgents } from '../../../domain/agents/listAgents.js';
import { presentClient, presentUser, presentVisitor } from '../../../presenters/index.js';
import { id } from '../../../domain/schemas.js';
import { route } from '../../route.js';
import { agentSchema, visitorSchema, websiteSchema } from './schemas.js';
import { apiRateLimit } from './rateLimit.js';

/** The websites the token's user works on (all of them for a super admin); a short list, not paged. */
const listWebsitesRoute = route({
  method: 'get',
  path: '/api/v1/websites',
  permission: 'signed.in',
  scope: 'chats:read',
  before: apiRateLimit,
  doc: { tag: 'Directory', summary: "The websites the token's user works on", output: z.object({ websites: z.array(websiteSchema) }) },
  run: async (ctx) => listClients(ctx.domain.models, { ids: await visibleClientIds(ctx.domain.models, subjectOf(ctx.caller)!) }),
  // Without the embed snippet: it is for those who manage websites, in the dashboard.
  present: (clients) => ({ websites: clients.map((c) => presentClient(c)) }),
});

/** Accounts, for those whose role reads them (managers, super admins): the `admin` scope. */
const listAgentsRoute = route({
  method: 'get',
  path: '/api/v1/agents',
  permission: 'agents.read',
  scope: 'admin',
  before: apiRateLimit,
  doc: { tag: 'Directory', summary: 'Agents and their websites (managers and super admins)', output: z.object({ agents: z.array(agentSchema) }) },
  run: (ctx) => listAgents(ctx.domain),
  present: (agents) => ({ agents: agents.map(({ user, clientIds }) => presentUser(user, { clientIds })) }),
});

const getVisitorRoute = route({
  method: 'get',
  path: '/api/v1/visitors/:visitorId',
  permission: 'visitor.visible',
  scope: 'chats:read',
  before: apiRateLimit,
  input: { params: z.object({ visitorId: id }) },
  doc: { tag: 'Directory', summary: "A visitor's profile (of the user's websites)", output: z.object({ visitor: visitorSchema }) },
  run: async (ctx) => ctx.grant,
  present: (visitor) => ({ visitor: presentVisitor(visitor) }),
});

export const apiV1DirectoryRoutes = [listWebsitesRoute, listAgentsRoute, getVisitorRoute];
