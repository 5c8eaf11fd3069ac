import { visibleClientIds } from '../../../policies/index.js';
import { subjectOf } from '../../../identity/identity.js';
import { findReportSubscription, reportSubscriptionBody, saveReportSubscription } from '../../../domain/reports/saveReportSubscription.js';
import { route } from '../../route.js';

/** GET /api/reports/subscription: the manager's (or super admin's) own scheduled report, or `subscription: null`. */
export const reportSubscriptionRoute = route({
  method: 'get',
  path: '/api/reports/subscription',
  permission: 'reports.read',
  run: async (ctx) => findReportSubscription(ctx.domain.models, subjectOf(ctx.caller)!.id),
  present: (dto) => dto,
});

/**
 * PUT /api/reports/subscription {frequency: weekly|monthly|none, clientIds?}: subscribes the user
 * himself (no one subscribes another) to the PDF by e-mail, on websites he may see.
 */
export const saveReportSubscriptionRoute = route({
  method: 'put',
  path: '/api/reports/subscription',
  permission: 'reports.read',
  input: { body: reportSubscriptionBody },
  // One small write in its own transaction (lib/db/reports/reportSubscriptions.ts); no event to emit.
  unitOfWork: 'none',
  run: async (ctx, { body }) => {
    const user = subjectOf(ctx.caller)!;
    return saveReportSubscription(ctx.domain.models, user.id, await visibleClientIds(ctx.domain.models, user), body, new Date(ctx.env.deps.clock.now()));
  },
  present: (dto) => dto,
});
