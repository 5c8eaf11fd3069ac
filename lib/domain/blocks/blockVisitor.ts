import type { z } from 'zod';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { recordAudit } from '../audit/recordAudit.js';
import { notFound } from '../../errors.js';
import { blockInput } from './blockInput.js';

/**
 * An agent blocks a visitor of a website, or an address range, with a reason; audited. The server
 * refuses that visitor's widget session, chat start and messages from then on (refuseBlocked).
 */
export async function blockVisitor(ctx: DomainContext, clientId: number, userId: number, raw: z.input<typeof blockInput>) {
  const input = parseInput(blockInput, raw);
  const { models, transaction } = ctx;
  if (input.visitorId !== undefined) {
    // Another website's visitor is not found: ids of other tenants cannot be probed.
    const visitor = await models.Visitor.findOne({ where: { id: input.visitorId, client_id: clientId }, attributes: ['id'], transaction });
    if (!visitor) throw notFound('visitor');
  }
  const block = await models.VisitorBlock.create(
    { client_id: clientId, visitor_id: input.visitorId ?? null, ip_range: input.ipRange ?? null, reason: input.reason, created_by: userId },
    { transaction },
  );
  await recordAudit(ctx, { action: 'visitor.blocked', targetType: input.visitorId ? 'visitor' : 'client', targetId: input.visitorId ?? clientId, details: { blockId: block.id, clientId, ipRange: block.ip_range, reason: block.reason } });
  return block;
}
