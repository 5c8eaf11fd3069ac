import { z } from 'zod';
import { createClient } from '../../../domain/clients/createClient.js';
import { updateClient } from '../../../domain/clients/updateClient.js';
import { listClients } from '../../../domain/clients/listClients.js';
import { renderSnippet } from '../../../domain/clients/renderSnippet.js';
import { assertClientVisible, visibleClientIds, can } from '../../../policies/index.js';
import { presentClient } from '../../../presenters/index.js';
import { notFound } from '../../../errors.js';
import { id } from '../../../domain/schemas.js';
import { allow, body, currentUser, inTransaction, params, query } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

const byId = z.object({ id });

/** Websites: everyone sees the ones they work on; only super admins change them. */
export function clientRoutes(router: AppRouter, deps: AppDeps) {
  const { db, config } = deps;
  const present = (c: Parameters<typeof presentClient>[0], withSnippet: boolean) =>
    presentClient(c, withSnippet ? renderSnippet(config.publicUrl, c.widget_key) : undefined);

  router.get('/api/clients', async (ctx) => {
    const user = currentUser(ctx);
    const { all } = query(ctx, z.object({ all: z.enum(['true', 'false']).optional() }));
    const ids = await visibleClientIds(db.models, user);
    const clients = await listClients(db.models, { ids, includeInactive: all === 'true' && can(user, 'clients:manage') });
    ctx.body = { clients: clients.map((c) => present(c, can(user, 'clients:manage'))) };
  });

  router.get('/api/clients/:id', async (ctx) => {
    const user = currentUser(ctx);
    const { id: clientId } = params(ctx, byId);
    await assertClientVisible(db.models, user, clientId, 'client');
    const client = await db.models.Client.findByPk(clientId);
    if (!client) throw notFound('client');
    ctx.body = { client: present(client, can(user, 'clients:manage')) };
  });

  router.post('/api/clients', async (ctx) => {
    allow(ctx, 'clients:manage');
    const client = await inTransaction(deps, ctx, (dctx) => createClient(dctx, body(ctx) as never));
    ctx.status = 201;
    ctx.body = { client: present(client, true) };
  });

  router.patch('/api/clients/:id', async (ctx) => {
    allow(ctx, 'clients:manage');
    const { id: clientId } = params(ctx, byId);
    const client = await inTransaction(deps, ctx, (dctx) => updateClient(dctx, clientId, body(ctx) as never));
    ctx.body = { client: present(client, true) };
  });

  /** Deleting a website disables it: its chats and visitors stay for the records. */
  router.delete('/api/clients/:id', async (ctx) => {
    allow(ctx, 'clients:manage');
    const { id: clientId } = params(ctx, byId);
    const client = await inTransaction(deps, ctx, (dctx) => updateClient(dctx, clientId, { isActive: false }));
    ctx.body = { client: present(client, true) };
  });
}
