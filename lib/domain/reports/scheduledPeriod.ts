import type { ReportFrequency } from '../../protocol/http.js';
import { wallClock } from '../calendarDay.js';

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

/**
 * The period a scheduled report sent at `at` covers, in the company's days, or null when it is
 * not that report's day: weekly on Mondays (the Monday to Sunday before), monthly on the 1st
 * (the month before).
 */
export function scheduledPeriod(at: Date, timeZone: string, frequency: ReportFrequency): { from: string; to: string } | null {
  const w = wallClock(at, timeZone);
  if (frequency === 'monthly') return w.day === 1 ? { from: iso(w.year, w.month - 1, 1), to: iso(w.year, w.month, 0) } : null;
  const monday = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() === 1;
  return monday ? { from: iso(w.year, w.month, w.day - 7), to: iso(w.year, w.month, w.day - 1) } : null;
}
