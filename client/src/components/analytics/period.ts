import { addDays, dayBounds, dayOf, hourStart } from '../../../../lib/protocol/calendarDay.js';

/** The Analytics page's periods: days (YYYY-MM-DD) in the company's time zone, both included. */
export interface Period {
  from: string;
  to: string;
}

export const PRESETS = [
  { id: 'today', label: 'Today' },
  { id: 'yesterday', label: 'Yesterday' },
  { id: '7', label: 'Last 7 days' },
  { id: '30', label: 'Last 30 days' },
  { id: '90', label: 'Last 90 days' },
  { id: 'custom', label: 'Custom' },
] as const;
export type PresetId = (typeof PRESETS)[number]['id'];

/** A preset's days, "today" being the company's today (`now` on its clock). */
export function presetPeriod(preset: Exclude<PresetId, 'custom'>, timeZone: string, now = new Date()): Period {
  const today = dayOf(now, timeZone);
  if (preset === 'today') return { from: today, to: today };
  if (preset === 'yesterday') return { from: addDays(today, -1), to: addDays(today, -1) };
  return { from: addDays(today, 1 - Number(preset)), to: today };
}

export const lengthInDays = (p: Period) => Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86_400_000) + 1;

/** The period of the same length just before (what "compare with the previous period" compares with). */
export function previousPeriod(p: Period): Period {
  return { from: addDays(p.from, -lengthInDays(p)), to: addDays(p.from, -1) };
}

/** The instants [from, to) of a period's days, as the History page's from/to take them. */
export function periodInstants(p: Period, timeZone: string): { from: string; to: string } {
  return { from: dayBounds(p.from, timeZone).start.toISOString(), to: dayBounds(p.to, timeZone).end.toISOString() };
}

/** [from, to) of one hour of one day on the company's clock. */
export function hourInstants(day: string, hour: number, timeZone: string): { from: string; to: string } {
  const end = hour === 23 ? dayBounds(day, timeZone).end : hourStart(day, timeZone, hour + 1);
  return { from: hourStart(day, timeZone, hour).toISOString(), to: end.toISOString() };
}

/** The days of a period falling on a weekday (Monday 0 … Sunday 6). */
export function daysOnWeekday(p: Period, weekday: number): string[] {
  const days: string[] = [];
  for (let d = p.from; d <= p.to; d = addDays(d, 1)) if ((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7 === weekday) days.push(d);
  return days;
}

/** The History page's address for those filters (its URL query is the API's: historyQuery.ts). */
export function historyLink(filters: Record<string, string | number | number[] | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    if (v == null || (Array.isArray(v) && !v.length)) continue;
    q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return `/history?${q}`;
}

/** Per-day counts grouped by day, ISO week (starting Monday) or month; each group keeps its first and last day. */
export function groupDays<T extends { day: string; chats: number; missed: number }>(days: T[], by: 'day' | 'week' | 'month') {
  const groups: { label: string; from: string; to: string; chats: number; missed: number }[] = [];
  for (const d of days) {
    const date = new Date(`${d.day}T00:00:00Z`);
    const key = by === 'day' ? d.day : by === 'month' ? d.day.slice(0, 7) : addDays(d.day, -((date.getUTCDay() + 6) % 7));
    const last = groups[groups.length - 1];
    if (last && last.label === labelOf(key, by)) {
      last.to = d.day;
      last.chats += d.chats;
      last.missed += d.missed;
    } else groups.push({ label: labelOf(key, by), from: d.day, to: d.day, chats: d.chats, missed: d.missed });
  }
  return groups;
}

const labelOf = (key: string, by: 'day' | 'week' | 'month') => {
  if (by === 'month') return new Date(`${key}-01T00:00:00Z`).toLocaleDateString([], { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const text = new Date(`${key}T00:00:00Z`).toLocaleDateString([], { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return by === 'week' ? `Week of ${text}` : text;
};
