import { z } from 'zod';
import type { Models } from '../../db/models/index.js';
import { streamHistory } from '../../db/history/historyRows.js';
import { chatAgents, periodCounts } from '../../db/reports/reportCounts.js';
import type { ReportFiguresDTO } from '../../protocol/http.js';
import { dayBounds, dayOf, daysBetween, weekdayAndHour } from '../calendarDay.js';
import { id } from '../schemas.js';

const day = z.iso.date({ message: 'must be a day such as 2026-12-01' });
const list = z.preprocess((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).filter(Boolean)), z.array(id).max(100).optional());

/** The period (days in the company's time zone, both included) and websites of a report. */
export const reportQuery = z
  .object({ from: day, to: day, clientIds: list, agentId: id.optional() })
  .refine((q) => q.from <= q.to, { message: 'must not be before from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { message: 'must be at most 366 days after from', path: ['to'] });

/** First-response-time buckets, in minutes: [0,1) [1,5) [5,15) [15,60) [60,∞). */
export const FIRST_RESPONSE_BUCKETS = [1, 5, 15, 60] as const;
const bucketOf = (seconds: number) => {
  const i = FIRST_RESPONSE_BUCKETS.findIndex((limit) => seconds < limit * 60);
  return i === -1 ? FIRST_RESPONSE_BUCKETS.length : i;
};

interface Sums {
  chats: number;
  missed: number;
  conversions: number;
  responseSeconds: number;
  responded: number;
  durationSeconds: number;
  ended: number;
  ratingSum: number;
  rated: number;
}
const sums = (): Sums => ({ chats: 0, missed: 0, conversions: 0, responseSeconds: 0, responded: 0, durationSeconds: 0, ended: 0, ratingSum: 0, rated: 0 });
const avg = (sum: number, n: number, digits = 0) => (n ? Number((sum / n).toFixed(digits)) : null);

/**
 * The Analytics page's figures for a period, days counted in `timeZone` (jobs.timezone): overview
 * cards, the first-response-time distribution, the busiest hours (weekday × hour of the chat's
 * start on the company's clock), and the same per website and per agent. Chats are those started
 * in the period on the websites `visible` (null: all); `onlyAgent` (an agent's own report) keeps
 * the per-agent rows to that agent; `agentId` keeps the chats that agent took part in (and his row). Chats are read a page at a time, so memory stays flat.
 */
export async function reportFigures(models: Models, visible: number[] | null, timeZone: string, query: z.infer<typeof reportQuery>, onlyAgent: number | null): Promise<ReportFiguresDTO> {
  const sequelize = models.Chat.sequelize!;
  const from = dayBounds(query.from, timeZone).start;
  const to = dayBounds(query.to, timeZone).end;
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

  const add = (s: Sums, c: { startedAt: Date; firstResponseAt: Date | null; endedAt: Date | null; rating: number | null; leadFormFilled: boolean; status: string }) => {
    s.chats += 1;
    if (c.leadFormFilled) s.conversions += 1;
    if (c.firstResponseAt) {
      s.responseSeconds += Math.max(0, (c.firstResponseAt.getTime() - c.startedAt.getTime()) / 1000);
      s.responded += 1;
    } else if (c.status === 'closed' || c.status === 'offline') s.missed += 1;
    if (c.endedAt) {
      s.durationSeconds += Math.max(0, (c.endedAt.getTime() - c.startedAt.getTime()) / 1000);
      s.ended += 1;
    }
    if (c.rating != null) {
      s.ratingSum += c.rating;
      s.rated += 1;
    }
  };

  if (!clientIds || clientIds.length) {
    for await (const page of streamHistory(sequelize, { clientIds, from, to, agent: query.agentId }, 1000)) {
      const agents = await chatAgents(sequelize, page.map((c) => c.id));
      for (const c of page) {
        add(total, c);
        add(perWebsite.get(c.clientId) ?? perWebsite.set(c.clientId, { ...sums(), name: c.clientName }).get(c.clientId)!, c);
        for (const a of agents.get(c.id) ?? []) {
          if (keepAgent === null || a.userId === keepAgent) add(perAgent.get(a.userId) ?? perAgent.set(a.userId, { ...sums(), name: a.name }).get(a.userId)!, c);
        }
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
  }
  const counts = clientIds?.length === 0 ? { visitors: new Map<number, number>(), messages: new Map<number, { messages: number; files: number }>() } : await periodCounts(sequelize, clientIds, from, to);
  const sumOf = <T>(map: Map<number, T>, pick: (v: T) => number) => [...map.values()].reduce((n, v) => n + pick(v), 0);
  const figures = (s: Sums) => ({
    chats: s.chats,
    missed: s.missed,
    conversions: s.conversions,
    avgFirstResponseSeconds: avg(s.responseSeconds, s.responded),
    avgDurationSeconds: avg(s.durationSeconds, s.ended),
    avgRating: avg(s.ratingSum, s.rated, 2),
  });
  return {
    from: query.from,
    to: query.to,
    timeZone,
    overview: { ...figures(total), visitors: sumOf(counts.visitors, (n) => n), messages: sumOf(counts.messages, (m) => m.messages), files: sumOf(counts.messages, (m) => m.files) },
    firstResponse: buckets.map((chats, i) => ({ fromMinutes: i === 0 ? 0 : FIRST_RESPONSE_BUCKETS[i - 1], toMinutes: FIRST_RESPONSE_BUCKETS[i] ?? null, chats })),
    busiestHours: hours,
    perDay: [...perDay.values()],
    ratings: ratings.map((chats, i) => ({ stars: i + 1, chats })),
    byWebsite: [...perWebsite].map(([clientId, s]) => ({ clientId, name: s.name, visitors: counts.visitors.get(clientId) ?? 0, ...figures(s), conversionRate: avg(s.conversions, s.chats, 3) })).sort((a, b) => b.chats - a.chats || a.clientId - b.clientId),
    byAgent: [...perAgent].map(([userId, s]) => ({ userId, name: s.name, ...figures(s) })).sort((a, b) => b.chats - a.chats || a.userId - b.userId),
  };
}
