import { z } from 'zod';
import { createCannedResponse } from '../../../domain/canned/createCannedResponse.js';
import { cannedResponseInput, cannedResponsePatch } from '../../../domain/canned/cannedInput.js';
import { updateCannedResponse } from '../../../domain/canned/updateCannedResponse.js';
import { deleteCannedResponse } from '../../../domain/canned/deleteCannedResponse.js';
import { listCannedResponses } from '../../../domain/canned/listCannedResponses.js';
import { visibleClientIds } from '../../../policies/index.js';
import { id } from '../../../domain/schemas.js';
import { agentOf, subjectOf } from '../../../identity/identity.js';
import { presentCannedResponse as present } from '../../../presenters/workspace.js';
import { route } from '../../route.js';

const byId = z.object({ cannedId: id });

/** Saved replies: global ones and those of the user's websites; `/shortcut` in the chat input finds them. */
const listCannedRoute = route({
  method: 'get',
  path: '/api/canned-responses',
  permission: 'canned.read',
  input: { query: z.object({ clientId: id.optional() }) },
  run: async (ctx, { query }) =>
    listCannedResponses(ctx.domain.models, query.clientId ? [query.clientId] : await visibleClientIds(ctx.domain.models, subjectOf(ctx.caller)!)),
  present: (rows) => ({ cannedResponses: rows.map(present) }),
});

const createCannedRoute = route({
  method: 'post',
  path: '/api/canned-responses',
  permission: 'canned.create',
  input: { body: cannedResponseInput },
  status: 201,
  run: (ctx, { body }) => createCannedResponse(ctx.domain, agentOf(ctx.caller).userId, body),
  present: (row) => ({ cannedResponse: present(row) }),
});

const updateCannedRoute = route({
  method: 'patch',
  path: '/api/canned-responses/:cannedId',
  permission: 'canned.change',
  input: { params: byId, body: cannedResponsePatch },
  run: (ctx, { body }) => updateCannedResponse(ctx.domain, ctx.grant, body),
  present: (row) => ({ cannedResponse: present(row) }),
});

const deleteCannedRoute = route({
  method: 'delete',
  path: '/api/canned-responses/:cannedId',
  permission: 'canned.change',
  input: { params: byId },
  status: 204,
  run: (ctx) => deleteCannedResponse(ctx.domain, ctx.grant),
  present: () => null,
});

export const cannedResponseRoutes = [listCannedRoute, createCannedRoute, updateCannedRoute, deleteCannedRoute];
