import { z } from 'zod';
import { getClient } from '../../../domain/clients/getClient.js';
import { setBusinessHours } from '../../../domain/hours/setBusinessHours.js';
import { businessHoursInput } from '../../../domain/hours/businessHoursInput.js';
import { openingState } from '../../../domain/hours/openingState.js';
import { presentBusinessHours } from '../../../presenters/blocks.js';
import type { ClientRow } from '../../../db/models/client.js';
import { id } from '../../../domain/schemas.js';
import { route, type HttpEnv } from '../../route.js';
import type { RunContext } from '../../../runner/entry.js';

const byId = z.object({ clientId: id });
const present = (client: ClientRow, ctx: RunContext<HttpEnv, unknown>) => presentBusinessHours(client, openingState(client, new Date(ctx.env.deps.clock.now())));

/** A website's business hours and whether it is open now: everyone who works on it. */
const getHoursRoute = route({
  method: 'get',
  path: '/api/clients/:clientId/business-hours',
  permission: 'client.visible',
  input: { params: byId },
  run: (ctx, { params }) => getClient(ctx.domain.models, params.clientId),
  present,
});

/** Super admins set them (the whole form at once); audited, in effect at once on every node. */
const setHoursRoute = route({
  method: 'put',
  path: '/api/clients/:clientId/business-hours',
  permission: 'clients.manage',
  input: { params: byId, body: businessHoursInput },
  run: (ctx, { params, body }) => setBusinessHours(ctx.domain, params.clientId, body),
  present,
});

export const businessHoursRoutes = [getHoursRoute, setHoursRoute];
