import type { Sequelize } from 'sequelize';
import { streamHistory } from '../../db/history/historyRows.js';
import { chatAgents, periodMessages } from '../../db/reports/reportCounts.js';
import { writeRollupDay, type RollupRow } from '../../db/reports/reportRollups.js';
import { dayBounds, weekdayAndHour } from '../calendarDay.js';
import { addChat, bucketOf, FIRST_RESPONSE_BUCKETS, sums } from './figureSums.js';

/**
 * A day's rollup rows (days in `timeZone`, jobs.timezone): per website (userId 0) the counters of
 * the chats started that day, their first-response buckets, start hours and ratings per star, and the messages and
 * files sent that day; per agent and website the counters of the chats he took part in. Chats are
 * read a page at a time.
 */
export async function rollupDay(sequelize: Sequelize, day: string, timeZone: string): Promise<RollupRow[]> {
  const { start, end } = dayBounds(day, timeZone);
  const rows = new Map<string, RollupRow>();
  const row = (clientId: number, userId: number) => {
    const key = `${clientId}:${userId}`;
    let r = rows.get(key);
    if (!r) {
      r = { day, clientId, userId, ...sums(), messages: 0, files: 0, firstResponse: Array.from({ length: FIRST_RESPONSE_BUCKETS.length + 1 }, () => 0), hours: Array.from({ length: 24 }, () => 0), ratings: [0, 0, 0, 0, 0] };
      rows.set(key, r);
    }
    return r;
  };
  for await (const page of streamHistory(sequelize, { clientIds: null, from: start, to: end }, 1000)) {
    const agents = await chatAgents(sequelize, page.map((c) => c.id));
    for (const c of page) {
      const website = row(c.clientId, 0);
      addChat(website, c);
      if (c.firstResponseAt) website.firstResponse[bucketOf((c.firstResponseAt.getTime() - c.startedAt.getTime()) / 1000)] += 1;
      website.hours[weekdayAndHour(c.startedAt, timeZone).hour] += 1;
      if (c.rating != null && c.rating >= 1 && c.rating <= 5) website.ratings[c.rating - 1] += 1;
      for (const a of agents.get(c.id) ?? []) addChat(row(c.clientId, a.userId), c);
    }
  }
  for (const [clientId, m] of await periodMessages(sequelize, null, start, end)) Object.assign(row(clientId, 0), m);
  return [...rows.values()];
}

/** Computes and stores the rollups of these days (a rerun replaces a day's rows). */
export async function rollUpDays(sequelize: Sequelize, days: string[], timeZone: string, at: Date): Promise<number> {
  let rows = 0;
  for (const day of days) {
    const computed = await rollupDay(sequelize, day, timeZone);
    await writeRollupDay(sequelize, day, computed, at);
    rows += computed.length;
  }
  return rows;
}
