import { visibleClientIds } from '../../../policies/index.js';
import { subjectOf } from '../../../identity/identity.js';
import { reportQuery } from '../../../domain/reports/reportFigures.js';
import { reportDocument } from '../../../domain/reports/reportDocument.js';
import { route } from '../../route.js';
import { attachmentHeader } from '../files/downloads.js';

/**
 * GET /api/reports/figures.pdf?from=&to=&clientIds=: the same figures as GET /api/reports/figures,
 * as a PDF download streamed as it is drawn. Asking for a website the user may not see is a 403.
 */
export const reportFiguresPdfRoute = route({
  method: 'get',
  path: '/api/reports/figures.pdf',
  permission: 'signed.in',
  input: { query: reportQuery },
  run: async (ctx, { query }) => {
    const user = subjectOf(ctx.caller)!;
    const visible = await visibleClientIds(ctx.domain.models, user);
    const { pdf } = await reportDocument(ctx.domain.models, {
      visible,
      timeZone: ctx.env.deps.config.jobs.timezone,
      query,
      onlyAgent: user.role === 'agent' ? user.id : null,
      now: new Date(ctx.env.deps.clock.now()),
    });
    return { pdf, name: `chat-report-${query.from}-to-${query.to}.pdf` };
  },
  present: ({ pdf, name }, ctx) => {
    const { http } = ctx.env;
    http.set('Content-Type', 'application/pdf');
    http.set('Content-Disposition', attachmentHeader(name));
    http.set('Cache-Control', 'private, no-store');
    http.set('X-Content-Type-Options', 'nosniff');
    return pdf;
  },
});
