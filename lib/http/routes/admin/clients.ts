import { z } from 'zod';
import { createClient, createClientInput } from '../../../domain/clients/createClient.js';
import { updateClient, updateClientInput } from '../../../domain/clients/updateClient.js';
import { listClients } from '../../../domain/clients/listClients.js';
import { getClient } from '../../../domain/clients/getClient.js';
import { renderSnippet } from '../../../domain/clients/renderSnippet.js';
import { rotateIdentitySecret } from '../../../domain/clients/rotateIdentitySecret.js';
import { visibleClientIds, can } from '../../../policies/index.js';
import { presentClient } from '../../../presenters/index.js';
import type { ClientRow } from '../../../db/models/client.js';
import { id } from '../../../domain/schemas.js';
import { subjectOf, type Caller } from '../../../identity/identity.js';
import { route, type HttpEnv } from '../../route.js';
import type { RunContext } from '../../../runner/entry.js';

const byId = z.object({ clientId: id });
/** Only those who manage websites see the embed snippet. */
const manages = (caller: Caller) => can(subjectOf(caller)!, 'clients:manage');
const present = (client: ClientRow, ctx: RunContext<HttpEnv, unknown>, withSnippet = manages(ctx.caller)) => ({
  client: presentClient(client, withSnippet ? renderSnippet(ctx.env.deps.config.publicUrl, client.widget_key) : undefined),
});

/** Websites: everyone sees the ones they work on (inactive ones only for those who manage them). */
const listClientsRoute = route({
  method: 'get',
  path: '/api/clients',
  permission: 'signed.in',
  input: { query: z.object({ all: z.enum(['true', 'false']).optional() }) },
  run: async (ctx, { query }) => {
    const user = subjectOf(ctx.caller)!;
    return listClients(ctx.domain.models, { ids: await visibleClientIds(ctx.domain.models, user), includeInactive: query.all === 'true' && manages(ctx.caller) });
  },
  present: (clients, ctx) => ({ clients: clients.map((c) => present(c, ctx).client) }),
});

const getClientRoute = route({
  method: 'get',
  path: '/api/clients/:clientId',
  permission: 'client.visible',
  input: { params: byId },
  run: (ctx, { params }) => getClient(ctx.domain.models, params.clientId),
  present: (client, ctx) => present(client, ctx),
});

/** Only super admins change websites. */
const createClientRoute = route({
  method: 'post',
  path: '/api/clients',
  permission: 'clients.manage',
  input: { body: createClientInput },
  status: 201,
  run: (ctx, { body }) => createClient(ctx.domain, body),
  present: (client, ctx) => present(client, ctx, true),
});

const updateClientRoute = route({
  method: 'patch',
  path: '/api/clients/:clientId',
  permission: 'clients.manage',
  input: { params: byId, body: updateClientInput },
  run: (ctx, { params, body }) => updateClient(ctx.domain, params.clientId, body),
  present: (client, ctx) => present(client, ctx, true),
});

/** Deleting a website disables it: its chats and visitors stay for the records. */
const disableClientRoute = route({
  method: 'delete',
  path: '/api/clients/:clientId',
  permission: 'clients.manage',
  input: { params: byId },
  run: (ctx, { params }) => updateClient(ctx.domain, params.clientId, { isActive: false }),
  present: (client, ctx) => present(client, ctx, true),
});

/** A new identity secret for secure identify() (docs/widget.md); the old one stops verifying at once. */
const rotateIdentitySecretRoute = route({
  method: 'post',
  path: '/api/clients/:clientId/identity-secret',
  permission: 'clients.manage',
  input: { params: byId },
  run: (ctx, { params }) => rotateIdentitySecret(ctx.domain, params.clientId),
  present: (client, ctx) => present(client, ctx, true),
});

export const clientRoutes = [listClientsRoute, getClientRoute, createClientRoute, updateClientRoute, disableClientRoute, rotateIdentitySecretRoute];
