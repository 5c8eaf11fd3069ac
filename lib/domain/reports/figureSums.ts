import type { Sums } from '../../db/reports/reportRollups.js';

/** First-response-time buckets, in minutes: [0,1) [1,5) [5,15) [15,60) [60,∞). */
export const FIRST_RESPONSE_BUCKETS = [1, 5, 15, 60] as const;
export const bucketOf = (seconds: number) => {
  const i = FIRST_RESPONSE_BUCKETS.findIndex((limit) => seconds < limit * 60);
  return i === -1 ? FIRST_RESPONSE_BUCKETS.length : i;
};

/** The additive counters (a rollup row is one, with more beside them): summed over chats, days and websites alike. */
export type { Sums };
export const SUM_KEYS = ['chats', 'missed', 'conversions', 'responseSeconds', 'responded', 'durationSeconds', 'ended', 'ratingSum', 'rated'] as const satisfies readonly (keyof Sums)[];
export const sums = (): Sums => ({ chats: 0, missed: 0, conversions: 0, responseSeconds: 0, responded: 0, durationSeconds: 0, ended: 0, ratingSum: 0, rated: 0 });

export interface FigureChat {
  startedAt: Date;
  firstResponseAt: Date | null;
  endedAt: Date | null;
  rating: number | null;
  leadFormFilled: boolean;
  status: string;
}

/** Counts one chat: missed is "closed or offline with no answer"; durations of ended chats; ratings given. */
export function addChat(s: Sums, c: FigureChat): void {
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
}

export function addSums(into: Sums, more: Sums): void {
  for (const k of SUM_KEYS) into[k] += more[k];
}

const avg = (sum: number, n: number, digits = 0) => (n ? Number((sum / n).toFixed(digits)) : null);

/** The figures the Analytics page shows for one set of counters. */
export const figuresOf = (s: Sums) => ({
  chats: s.chats,
  missed: s.missed,
  conversions: s.conversions,
  avgFirstResponseSeconds: avg(s.responseSeconds, s.responded),
  avgDurationSeconds: avg(s.durationSeconds, s.ended),
  avgRating: avg(s.ratingSum, s.rated, 2),
});
export const conversionRate = (s: Sums) => avg(s.conversions, s.chats, 3);
