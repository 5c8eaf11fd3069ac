import { z } from 'zod';
import type { Models } from '../../db/models/index.js';
import { streamHistory } from '../../db/history/historyRows.js';
import { chatAgents, periodMessages, periodVisitors } from '../../db/reports/reportCounts.js';
import { namesOf, readRollups, rolledUpDays } from '../../db/reports/reportRollups.js';
import type { ReportFiguresDTO } from '../../protocol/http.js';
import { addDays, dayBounds, dayOf, daysBetween, weekdayAndHour } from '../calendarDay.js';
import { addChat, addSums, bucketOf, conversionRate, figuresOf, FIRST_RESPONSE_BUCKETS, sums, type Sums } from './figureSums.js';
import { id } from '../schemas.js';

const day = z.iso.date({ message: 'must be a day such as 2026-12-01' });
const list = z.preprocess((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).filter(Boolean)), z.array(id).max(100).optional());

/** The period (days in the company's time zone, both included) and websites of a report. */
export const reportQuery = z
  .object({ from: day, to: day, clientIds: list, agentId: id.optional() })
  .refine((q) => q.from <= q.to, { message: 'must not be before from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { message: 'must be at most 366 days after from', path: ['to'] });

export { FIRST_RESPONSE_BUCKETS } from './figureSums.js';

/**
 * The Analytics page's figures for a period, days counted in `timeZone` (jobs.timezone): overview
 * cards, the first-response-time distribution, the busiest hours (weekday × hour of the chat's
 * start on the company's clock), chats and missed per day, the rating distribution, and the same
 * per website and per agent. Chats are those started in the period on the websites `visible` (null:
 * all); `onlyAgent` (an agent's own report) keeps the per-agent rows to that agent; `agentId` keeps
 * the chats that agent took part in (and his row). Past days the nightly job rolled up
 * (report_rollups, built by rollupDay.ts) are read from their rollup rows; the other days (today, a
 * day not rolled up yet, or every day when one agent's chats are asked for: rollups count chats per
 * website) from their chats, a page at a time. Visitors are distinct over the whole period, so they
 * are counted from the visits.
 */
export async function reportFigures(models: Models, visible: number[] | null, timeZone: string, query: z.infer<typeof reportQuery>, onlyAgent: number | null, now = new Date()): Promise<ReportFiguresDTO> {
  const sequelize = models.Chat.sequelize!;
  const asked = query.clientIds;
  const clientIds = asked ? (visible ? asked.filter((c) => visible.includes(c)) : asked) : visible;
  const keepAgent = onlyAgent ?? query.agentId ?? null;
  const total = sums();
  const perWebsite = new Map<number, Sums & { name: string }>();
  const perAgent = new Map<number, Sums & { name: string }>();
  const buckets = Array.from({ length: FIRST_RESPONSE_BUCKETS.length + 1 }, () => 0);
  const hours = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const perDay = new Map(daysBetween(query.from, query.to).map((d) => [d, { day: d, chats: 0, missed: 0 }]));
  const ratings = [0, 0, 0, 0, 0];
  const messages = { messages: 0, files: 0 };
  const website = (clientId: number, name: string) => perWebsite.get(clientId) ?? perWebsite.set(clientId, { ...sums(), name }).get(clientId)!;
  const agent = (userId: number, name: string) => perAgent.get(userId) ?? perAgent.set(userId, { ...sums(), name }).get(userId)!;
  const none = clientIds?.length === 0;

  const today = dayOf(now, timeZone);
  const rolled = none || query.agentId != null ? new Set<string>() : await rolledUpDays(sequelize, query.from, query.to);
  const fromRollups: string[] = [];
  const live: { start: Date; end: Date }[] = [];
  for (let day = query.from; day <= query.to; day = addDays(day, 1)) {
    if (rolled.has(day) && day < today) fromRollups.push(day);
    else {
      const { start, end } = dayBounds(day, timeZone);
      const last = live[live.length - 1];
      if (last && last.end.getTime() === start.getTime()) last.end = end;
      else live.push({ start, end });
    }
  }

  if (!none) {
    for (const { start, end } of live) {
      for await (const page of streamHistory(sequelize, { clientIds, from: start, to: end, agent: query.agentId }, 1000)) {
        const agents = await chatAgents(sequelize, page.map((c) => c.id));
        for (const c of page) {
          addChat(total, c);
          addChat(website(c.clientId, c.clientName), c);
          for (const a of agents.get(c.id) ?? []) if (keepAgent === null || a.userId === keepAgent) addChat(agent(a.userId, a.name), c);
          if (c.firstResponseAt) buckets[bucketOf((c.firstResponseAt.getTime() - c.startedAt.getTime()) / 1000)] += 1;
          const { weekday, hour } = weekdayAndHour(c.startedAt, timeZone);
          hours[weekday][hour] += 1;
          const daily = perDay.get(dayOf(c.startedAt, timeZone));
          if (daily) {
            daily.chats += 1;
            if (!c.firstResponseAt && (c.status === 'closed' || c.status === 'offline')) daily.missed += 1;
          }
          if (c.rating != null && c.rating >= 1 && c.rating <= 5) ratings[c.rating - 1] += 1;
        }
      }
      for (const [, m] of await periodMessages(sequelize, clientIds, start, end)) {
        messages.messages += m.messages;
        messages.files += m.files;
      }
    }
    const rollups = await readRollups(sequelize, fromRollups, clientIds);
    const names = await namesOf(sequelize, [...new Set(rollups.map((r) => r.clientId))], [...new Set(rollups.filter((r) => r.userId).map((r) => r.userId))]);
    for (const r of rollups) {
      if (r.userId) {
        if (keepAgent === null || r.userId === keepAgent) addSums(agent(r.userId, names.users.get(r.userId) ?? ''), r);
        continue;
      }
      messages.messages += r.messages;
      messages.files += r.files;
      if (!r.chats) continue;
      addSums(total, r);
      addSums(website(r.clientId, names.clients.get(r.clientId) ?? ''), r);
      r.firstResponse.forEach((n, i) => (buckets[i] += n));
      const { weekday } = weekdayAndHour(new Date(`${r.day}T12:00:00Z`), 'UTC');
      r.hours.forEach((n, h) => (hours[weekday][h] += n));
      const daily = perDay.get(r.day);
      if (daily) {
        daily.chats += r.chats;
        daily.missed += r.missed;
      }
      r.ratings.forEach((n, i) => (ratings[i] += n));
    }
  }
  const visitors = none ? new Map<number, number>() : await periodVisitors(sequelize, clientIds, dayBounds(query.from, timeZone).start, dayBounds(query.to, timeZone).end);
  return {
    from: query.from,
    to: query.to,
    timeZone,
    overview: { ...figuresOf(total), visitors: [...visitors.values()].reduce((a, b) => a + b, 0), ...messages },
    firstResponse: buckets.map((chats, i) => ({ fromMinutes: i === 0 ? 0 : FIRST_RESPONSE_BUCKETS[i - 1], toMinutes: FIRST_RESPONSE_BUCKETS[i] ?? null, chats })),
    busiestHours: hours,
    perDay: [...perDay.values()],
    ratings: ratings.map((chats, i) => ({ stars: i + 1, chats })),
    byWebsite: [...perWebsite].map(([clientId, s]) => ({ clientId, name: s.name, visitors: visitors.get(clientId) ?? 0, ...figuresOf(s), conversionRate: conversionRate(s) })).sort((a, b) => b.chats - a.chats || a.clientId - b.clientId),
    byAgent: [...perAgent].map(([userId, s]) => ({ userId, name: s.name, ...figuresOf(s) })).sort((a, b) => b.chats - a.chats || a.userId - b.userId),
  };
}
