import { visibleClientIds } from '../../../policies/index.js';
import { subjectOf } from '../../../identity/identity.js';
import { reportFigures, reportQuery } from '../../../domain/reports/reportFigures.js';
import { route } from '../../route.js';
import { reportFiguresSchema } from './schemas.js';
import { apiRateLimit } from './rateLimit.js';

/** The Analytics page's figures: an agent's token sees that agent's own row only, as in the dashboard. */
const reportFiguresRoute = route({
  method: 'get',
  path: '/api/v1/reports/figures',
  permission: 'signed.in',
  scope: 'reports:read',
  before: apiRateLimit,
  input: { query: reportQuery },
  doc: { tag: 'Reports', summary: 'Report figures for a period (days in the company timezone)', output: reportFiguresSchema },
  run: async (ctx, { query }) => {
    const user = subjectOf(ctx.caller)!;
    const visible = await visibleClientIds(ctx.domain.models, user);
    return reportFigures(ctx.domain.models, visible, ctx.env.deps.config.jobs.timezone, query, user.role === 'agent' ? user.id : null, new Date(ctx.env.deps.clock.now()));
  },
  present: (figures) => figures,
});

export const apiV1ReportRoutes = [reportFiguresRoute];
