import type { Job } from './job.js';
import type { JobDeps } from './job.js';
import { dayBefore, dayBounds } from '../domain/calendarDay.js';
import { dailyFigures } from './analytics/dailyFigures.js';

/**
 * Nightly: yesterday's analytics_snapshots rows (jobs.timezone's yesterday), a row per website and
 * one per agent and website. A rerun replaces that day's rows (`livechat jobs run analytics-snapshot
 * --at <a time the next day>` recomputes a past day).
 */
export function analyticsSnapshot({ config, db }: JobDeps): Job {
  return {
    name: 'analytics-snapshot',
    description: "stores yesterday's per-website and per-agent figures in analytics_snapshots",
    schedule: '30 0 * * *',
    leaseSeconds: 1800,
    async run({ now }) {
      const day = dayBefore(now, config.jobs.timezone);
      const { start, end } = dayBounds(day, config.jobs.timezone);
      const rows = await dailyFigures(db, day, start, end);
      await db.sequelize.transaction(async (transaction) => {
        await db.models.AnalyticsSnapshot.destroy({ where: { date: day }, transaction });
        if (rows.length) await db.models.AnalyticsSnapshot.bulkCreate(rows, { transaction });
      });
      const websites = rows.filter((r) => r.user_id === null).length;
      return { summary: `${day}: ${rows.length} row(s), ${websites} website(s) and ${rows.length - websites} agent row(s)`, details: { day, rows: rows.length } };
    },
  };
}
