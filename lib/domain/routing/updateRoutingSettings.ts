import type { z } from 'zod';
import type { DomainContext } from '../types.js';
import { notFound } from '../../errors.js';
import { recordAudit } from '../audit/recordAudit.js';
import type { routingSettingsInput } from './departmentInput.js';

/** A website's routing mode and hand-off timeout; every node reads them at each chat. */
export async function updateRoutingSettings(ctx: DomainContext, clientId: number, input: z.output<typeof routingSettingsInput>) {
  const client = await ctx.models.Client.findByPk(clientId, { transaction: ctx.transaction });
  if (!client) throw notFound('client');
  await client.update(
    { ...(input.routingMode ? { routing_mode: input.routingMode } : {}), ...(input.acceptTimeoutSeconds ? { accept_timeout_seconds: input.acceptTimeoutSeconds } : {}) },
    { transaction: ctx.transaction },
  );
  await recordAudit(ctx, { action: 'client.routing_updated', targetType: 'client', targetId: client.id, details: input });
  return client;
}
