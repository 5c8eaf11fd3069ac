import type { DomainContext } from '../types.js';
import { recordAudit } from '../audit/recordAudit.js';
import { notFound } from '../../errors.js';

/** Lifts a block of a website (another website's block is not found); audited. */
export async function unblockVisitor(ctx: DomainContext, clientId: number, blockId: number) {
  const block = await ctx.models.VisitorBlock.findOne({ where: { id: blockId, client_id: clientId }, transaction: ctx.transaction });
  if (!block) throw notFound('block');
  await block.destroy({ transaction: ctx.transaction });
  await recordAudit(ctx, { action: 'visitor.unblocked', targetType: block.visitor_id ? 'visitor' : 'client', targetId: block.visitor_id ?? clientId, details: { blockId: block.id, clientId, ipRange: block.ip_range } });
}
