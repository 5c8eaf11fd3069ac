import type { Job } from './job.js';
import type { JobDeps } from './job.js';
import { dayBefore, dayBounds } from '../domain/calendarDay.js';
import { dailyFigures } from './analytics/dailyFigures.js';
import { rollUpDays } from '../domain/reports/rollupDay.js';

/**
 * Nightly: yesterday's analytics_snapshots rows (jobs.timezone's yesterday), a row per website and
 * one per agent and website. A rerun replaces that day's rows (`livechat jobs run analytics-snapshot
 * --at <a time the next day>` recomputes a past day). It also keeps the Analytics page's rollups
 * (domain/reports/rollupDay.ts) of yesterday and the day before.
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
      // The Analytics page's rollups: yesterday, and the day before again (chats that ended or were rated after its rollup).
      const rollupDays = [dayBefore(new Date(start.getTime() - 1), config.jobs.timezone), day];
      const rollupRows = await rollUpDays(db.sequelize, rollupDays, config.jobs.timezone, now);
      return {
        summary: `${day}: ${rows.length} row(s), ${websites} website(s) and ${rows.length - websites} agent row(s); report rollups of ${rollupDays.join(' and ')}: ${rollupRows} row(s)`,
        details: { day, rows: rows.length, rollupRows },
      };
    },
  };
}
