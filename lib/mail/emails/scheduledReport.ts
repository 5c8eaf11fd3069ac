import { buffer } from 'node:stream/consumers';
import { reportDocument } from '../../domain/reports/reportDocument.js';
import { formatCount, formatDuration } from '../../domain/reports/pdf/format.js';
import { visibleClientIds } from '../../policies/index.js';
import type { ReportFrequency } from '../../protocol/http.js';
import { renderEmail } from '../templates.js';
import type { BuiltMail, EmailDeps } from './types.js';

export interface ScheduledReportInput {
  userId: number;
  frequency: ReportFrequency;
  /** Website ids he subscribed to; null: all he may see. */
  clientIds: number[] | null;
  /** The period, days in jobs.timezone, both included. */
  from: string;
  to: string;
  now: Date;
}

/**
 * The weekly or monthly report -> its subscriber, the PDF attached. His access is read again now:
 * websites he may no longer see are left out, and with none of his websites left nothing is sent.
 */
export async function scheduledReportEmail({ models, config }: EmailDeps, input: ScheduledReportInput): Promise<BuiltMail | null> {
  const user = await models.User.findByPk(input.userId, { attributes: ['id', 'email', 'name', 'role', 'is_active'] });
  if (!user || !user.is_active || user.role === 'agent') return null;
  const visible = await visibleClientIds(models, user);
  const clientIds = input.clientIds && visible ? input.clientIds.filter((id) => visible.includes(id)) : input.clientIds;
  if (clientIds && !clientIds.length) return null;
  const period = input.frequency === 'weekly' ? 'weekly' : 'monthly';
  const { figures, pdf } = await reportDocument(models, {
    visible,
    timeZone: config.jobs.timezone,
    query: { from: input.from, to: input.to, clientIds: clientIds ?? undefined },
    onlyAgent: null,
    title: `Your ${period} chat report`,
    now: input.now,
  });
  const content = await buffer(pdf);
  const view = {
    name: user.name,
    period,
    from: input.from,
    to: input.to,
    chats: formatCount(figures.overview.chats),
    missed: formatCount(figures.overview.missed),
    firstResponse: formatDuration(figures.overview.avgFirstResponseSeconds),
    link: new URL('/', config.publicUrl).toString(),
  };
  return {
    dedupeKey: `scheduled-report:${input.userId}:${input.frequency}:${input.from}`,
    mail: {
      to: [user.email],
      subject: `Your ${period} chat report, ${input.from} to ${input.to}`,
      ...renderEmail('scheduled-report', view),
      attachments: [{ filename: `chat-report-${input.from}-to-${input.to}.pdf`, content, contentType: 'application/pdf' }],
    },
  };
}
