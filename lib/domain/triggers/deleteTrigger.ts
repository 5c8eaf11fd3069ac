import type { DomainContext } from '../types.js';
import { recordAudit } from '../audit/recordAudit.js';
import { findTrigger } from './findTrigger.js';

/** Removes a website's trigger and its shows (audited). */
export async function deleteTrigger(ctx: DomainContext, clientId: number, triggerId: number) {
  const row = await findTrigger(ctx, clientId, triggerId);
  await ctx.models.TriggerShow.destroy({ where: { trigger_id: row.id }, transaction: ctx.transaction });
  await row.destroy({ transaction: ctx.transaction });
  await recordAudit(ctx, { action: 'trigger.deleted', targetType: 'trigger', targetId: row.id, details: { clientId, name: row.name } });
}
