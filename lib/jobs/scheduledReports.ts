import type { Job, JobDeps } from './job.js';
import { reportSubscriptions } from '../db/reports/reportSubscriptions.js';
import { scheduledPeriod } from '../domain/reports/scheduledPeriod.js';
import type { ReportFrequency } from '../protocol/http.js';

const FREQUENCIES: ReportFrequency[] = ['weekly', 'monthly'];

/**
 * Every morning at 07:00 (jobs.timezone): on Mondays each weekly subscriber gets the PDF of the
 * week before, on the 1st each monthly subscriber that of the month before, on the websites he
 * may see. Each subscriber's period is claimed in the database before his e-mail is queued, so a
 * rerun (or a second node) sends nothing twice; `livechat jobs run scheduled-reports --at <a Monday>`
 * sends a past week's to those who have not had it.
 */
export function scheduledReports({ config, db, mail }: JobDeps): Job {
  return {
    name: 'scheduled-reports',
    description: 'e-mails the weekly (Mondays) and monthly (the 1st) report PDF to their subscribers',
    schedule: '0 7 * * *',
    async run({ now }) {
      if (!mail.enabled) return { summary: 'smtp.url is not set: no report e-mailed', details: { sent: 0 } };
      const table = reportSubscriptions(db.sequelize);
      const queued: Record<string, number> = {};
      const periods: Record<string, string> = {};
      for (const frequency of FREQUENCIES) {
        const period = scheduledPeriod(now, config.jobs.timezone, frequency);
        if (!period) continue;
        const subscribers = await table.subscribers(frequency);
        queued[frequency] = 0;
        for (const s of subscribers) {
          if (!(await table.claim(s.userId, frequency, period.from))) continue;
          mail.scheduledReport({ userId: s.userId, frequency, clientIds: s.clientIds, ...period, now });
          queued[frequency] += 1;
        }
        periods[frequency] = `${period.from} to ${period.to}`;
      }
      const parts = Object.keys(queued).map((f) => `${queued[f]} ${f} (${periods[f]})`);
      return { summary: parts.length ? `report e-mails queued: ${parts.join(', ')}` : 'not a report day (Mondays: weekly, the 1st: monthly)', details: { queued, periods } };
    },
  };
}
