/** Calendar days in a time zone, shared by the server and the dashboard (the analytics day is the company's day, jobs.timezone, not UTC's): the nightly snapshot, reports and `livechat report` count days alike. */

const partsFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function wallClock(at: Date, timeZone: string) {
  const parts = Object.fromEntries(partsFormat(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

/** How far the zone's wall clock is ahead of UTC at that instant, in ms. */
function offsetMs(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the zone's day `YYYY-MM-DD` reaches `hour` o'clock (midnight by default, or the first instant after a DST gap). */
export function hourStart(day: string, timeZone: string, hour = 0): Date {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d, hour);
  let at = guess - offsetMs(new Date(guess), timeZone);
  const corrected = guess - offsetMs(new Date(at), timeZone);
  if (corrected !== at) at = corrected;
  return new Date(at);
}

/** [start, end) of a calendar day in a time zone (23 or 25 hours long on DST changes). */
export function dayBounds(day: string, timeZone: string): { start: Date; end: Date } {
  const [y, m, d] = day.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return { start: hourStart(day, timeZone), end: hourStart(next, timeZone) };
}

/** The calendar day (YYYY-MM-DD) before the one `at` falls on, in the zone. */
export function dayBefore(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day - 1)).toISOString().slice(0, 10);
}

/** Monday 0 … Sunday 6 and the hour 0-23 of an instant on the zone's wall clock (the busiest-hours grid). */
export function weekdayAndHour(at: Date, timeZone: string): { weekday: number; hour: number } {
  const w = wallClock(at, timeZone);
  return { weekday: (new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 6) % 7, hour: w.hour };
}

/** The calendar day (YYYY-MM-DD) an instant falls on in the zone. */
export function dayOf(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day)).toISOString().slice(0, 10);
}

/** The day `n` days after `day` (YYYY-MM-DD; n may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Every day from `from` to `to` (YYYY-MM-DD, both included). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
