import { z } from 'zod';
import { listTriggers } from '../../../domain/triggers/listTriggers.js';
import { createTrigger } from '../../../domain/triggers/createTrigger.js';
import { updateTrigger } from '../../../domain/triggers/updateTrigger.js';
import { deleteTrigger } from '../../../domain/triggers/deleteTrigger.js';
import { triggerInput, triggerPatch } from '../../../domain/triggers/triggerInput.js';
import { presentTrigger } from '../../../presenters/triggers.js';
import { id } from '../../../domain/schemas.js';
import { route } from '../../route.js';

const ofClient = z.object({ clientId: id });
const byId = z.object({ clientId: id, triggerId: id });

/** A website's proactive triggers, in the order they are tried, with their counts. Super admins only. */
const listTriggersRoute = route({
  method: 'get',
  path: '/api/clients/:clientId/triggers',
  permission: 'clients.manage',
  input: { params: ofClient },
  run: (ctx, { params }) => listTriggers(ctx.domain.models, params.clientId),
  present: (rows) => ({ triggers: rows.map((t) => presentTrigger(t.row, t.counts)) }),
});

const createTriggerRoute = route({
  method: 'post',
  path: '/api/clients/:clientId/triggers',
  permission: 'clients.manage',
  input: { params: ofClient, body: triggerInput },
  status: 201,
  run: (ctx, { params, body }) => createTrigger(ctx.domain, params.clientId, body),
  present: (row) => ({ trigger: presentTrigger(row) }),
});

const updateTriggerRoute = route({
  method: 'patch',
  path: '/api/clients/:clientId/triggers/:triggerId',
  permission: 'clients.manage',
  input: { params: byId, body: triggerPatch },
  run: (ctx, { params, body }) => updateTrigger(ctx.domain, params.clientId, params.triggerId, body),
  present: (row) => ({ trigger: presentTrigger(row) }),
});

const deleteTriggerRoute = route({
  method: 'delete',
  path: '/api/clients/:clientId/triggers/:triggerId',
  permission: 'clients.manage',
  input: { params: byId },
  status: 204,
  run: (ctx, { params }) => deleteTrigger(ctx.domain, params.clientId, params.triggerId),
  present: () => null,
});

export const triggerRoutes = [listTriggersRoute, createTriggerRoute, updateTriggerRoute, deleteTriggerRoute];
