import { DateTime } from 'luxon';
import type { BusinessHours, Weekday } from '../../protocol/http.js';

/** luxon's weekday (1 = Monday … 7 = Sunday) to the schedule's key. */
export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** How far ahead the next opening is looked for: a website closed for longer says "closed" without a date. */
const LOOKAHEAD_DAYS = 400;

export interface OpeningState {
  open: boolean;
  /** While closed, when the website opens next; null when open, or when no opening is found. */
  nextOpenAt: Date | null;
}

/** A local "HH:MM" on a local day, in the website's zone: luxon moves a time that a DST change skips forward to the first valid one. */
function at(day: DateTime, hhmm: string): DateTime {
  if (hhmm === '24:00') return day.plus({ days: 1 }).startOf('day');
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

/**
 * Whether a website is open at `now`, and if not when it opens next: the one rule behind the
 * widget's offline form, auto-assignment and the reports. Its ranges are local times in the
 * website's IANA zone, so 9:00 stays 9:00 across a DST change (luxon does the zone arithmetic).
 * No hours, or hours switched off: always open.
 */
export function openingState(website: { business_hours: BusinessHours | null }, now: Date): OpeningState {
  const hours = website.business_hours;
  if (!hours || !hours.enabled) return { open: true, nextOpenAt: null };
  const closed = new Set(hours.closedDates);
  const local = DateTime.fromJSDate(now, { zone: hours.timezone });
  const today = local.startOf('day');
  for (let d = 0; d < LOOKAHEAD_DAYS; d++) {
    const day = today.plus({ days: d });
    if (closed.has(day.toISODate()!)) continue;
    const ranges = [...(hours.weekly[WEEKDAYS[day.weekday - 1]] ?? [])].sort((a, b) => a.from.localeCompare(b.from));
    for (const range of ranges) {
      const start = at(day, range.from);
      const end = at(day, range.to);
      if (end <= local) continue;
      if (start <= local) return { open: true, nextOpenAt: null };
      return { open: false, nextOpenAt: start.toJSDate() };
    }
  }
  return { open: false, nextOpenAt: null };
}

/** Whether a website takes chats now (for routing: auto-assign only while open). */
export const isOpen = (website: { business_hours: BusinessHours | null }, now: Date) => openingState(website, now).open;
