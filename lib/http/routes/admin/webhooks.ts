import { z } from 'zod';
import { id } from '../../../domain/schemas.js';
import { createWebhook, createWebhookInput, deleteWebhook, updateWebhook, updateWebhookInput } from '../../../domain/webhooks/manageSubscriptions.js';
import { listDeliveries, listDeliveriesInput, redeliver } from '../../../domain/webhooks/deliveries.js';
import { presentWebhookDelivery, presentWebhookSubscription } from '../../../presenters/webhooks.js';
import { route } from '../../route.js';

const byId = z.object({ webhookId: id });

/** Every subscription (super admins see every website). */
const listWebhooksRoute = route({
  method: 'get',
  path: '/api/webhooks',
  permission: 'webhooks.manage',
  run: (ctx) => ctx.domain.models.WebhookSubscription.findAll({ order: [['id', 'ASC']] }),
  present: (rows) => ({ webhooks: rows.map((r) => presentWebhookSubscription(r)) }),
});

/** The secret is in this answer only (and in that of a rotation). */
const createWebhookRoute = route({
  method: 'post',
  path: '/api/webhooks',
  permission: 'webhooks.manage',
  input: { body: createWebhookInput },
  status: 201,
  run: (ctx, { body }) => createWebhook(ctx.domain, body),
  present: (row) => ({ webhook: presentWebhookSubscription(row, true) }),
});

const updateWebhookRoute = route({
  method: 'patch',
  path: '/api/webhooks/:webhookId',
  permission: 'webhooks.manage',
  input: { params: byId, body: updateWebhookInput },
  run: async (ctx, { params, body }) => ({ row: await updateWebhook(ctx.domain, params.webhookId, body), rotated: body.rotateSecret === true }),
  present: ({ row, rotated }) => ({ webhook: presentWebhookSubscription(row, rotated) }),
});

const deleteWebhookRoute = route({
  method: 'delete',
  path: '/api/webhooks/:webhookId',
  permission: 'webhooks.manage',
  input: { params: byId },
  run: (ctx, { params }) => deleteWebhook(ctx.domain, params.webhookId),
  present: (deleted) => ({ deleted: deleted.id }),
});

/** The delivery log of one subscription, newest first: status, response code, time, payload. */
const listDeliveriesRoute = route({
  method: 'get',
  path: '/api/webhooks/:webhookId/deliveries',
  permission: 'webhooks.manage',
  input: { params: byId, query: listDeliveriesInput },
  run: (ctx, { params, query }) => listDeliveries(ctx.domain, params.webhookId, query),
  present: ({ deliveries, more }) => ({ deliveries: deliveries.map(presentWebhookDelivery), more }),
});

const redeliverRoute = route({
  method: 'post',
  path: '/api/webhooks/deliveries/:deliveryId/redeliver',
  permission: 'webhooks.manage',
  input: { params: z.object({ deliveryId: id }) },
  status: 202,
  run: async (ctx, { params }) => {
    const row = await redeliver(ctx.domain, params.deliveryId);
    ctx.onCommit(() => ctx.env.deps.webhooks?.wake());
    return row;
  },
  present: (row) => ({ delivery: presentWebhookDelivery(row) }),
});

export const webhookRoutes = [listWebhooksRoute, createWebhookRoute, updateWebhookRoute, deleteWebhookRoute, listDeliveriesRoute, redeliverRoute];
