import { visibleClientIds } from '../../../policies/index.js';
import { subjectOf } from '../../../identity/identity.js';
import { reportFigures, reportQuery } from '../../../domain/reports/reportFigures.js';
import { route } from '../../route.js';
import { reportFiguresPdfRoute } from './figuresPdf.js';
import { reportSubscriptionRoute, saveReportSubscriptionRoute } from './subscription.js';

/**
 * GET /api/reports/figures?from=YYYY-MM-DD&to=YYYY-MM-DD&clientIds=&agentId=: the Analytics page's figures
 * on the user's websites, days in jobs.timezone. Managers and super admins see every agent's row,
 * an agent his own.
 */
export const reportFiguresRoute = route({
  method: 'get',
  path: '/api/reports/figures',
  permission: 'signed.in',
  input: { query: reportQuery },
  run: async (ctx, { query }) => {
    const user = subjectOf(ctx.caller)!;
    const visible = await visibleClientIds(ctx.domain.models, user);
    return reportFigures(ctx.domain.models, visible, ctx.env.deps.config.jobs.timezone, query, user.role === 'agent' ? user.id : null, new Date(ctx.env.deps.clock.now()));
  },
  present: (figures) => figures,
});

export const reportRoutes = [reportFiguresRoute, reportFiguresPdfRoute, reportSubscriptionRoute, saveReportSubscriptionRoute];
