import { z } from 'zod';
import type { Models } from '../../db/models/index.js';
import { reportSubscriptions } from '../../db/reports/reportSubscriptions.js';
import type { ReportSubscriptionDTO } from '../../protocol/http.js';
import { id } from '../schemas.js';
import { reportWebsites } from './reportWebsites.js';

/** PUT /api/reports/subscription's body: `none` ends the subscription; no clientIds (or null): all his websites. */
export const reportSubscriptionBody = z.object({
  frequency: z.enum(['weekly', 'monthly', 'none'], { message: 'must be weekly, monthly or none' }),
  clientIds: z.array(id).max(100).nullable().optional(),
});

/** The user's own scheduled report as he sees it. */
export async function findReportSubscription(models: Models, userId: number): Promise<ReportSubscriptionDTO> {
  const s = await reportSubscriptions(models.User.sequelize!).find(userId);
  return { subscription: s ? { frequency: s.frequency, clientIds: s.clientIds } : null };
}

/** Subscribes the user (or not) to the weekly or monthly PDF, on websites he may see (`visible` null: all). */
export async function saveReportSubscription(models: Models, userId: number, visible: number[] | null, body: z.infer<typeof reportSubscriptionBody>, now: Date): Promise<ReportSubscriptionDTO> {
  const table = reportSubscriptions(models.User.sequelize!);
  if (body.frequency === 'none') {
    await table.remove(userId);
    return { subscription: null };
  }
  const clientIds = body.clientIds?.length ? [...new Set(body.clientIds)] : null;
  await reportWebsites(models, clientIds ?? [], visible);
  await table.save({ userId, frequency: body.frequency, clientIds }, now);
  return findReportSubscription(models, userId);
}
