/**
 * The History page's date presets, turned into the instants the API takes. Days are the
 * browser's local days (the agent's own calendar); `to` is excluded, so "Today" runs to midnight.
 */
export const PRESETS = [
  { value: 'today', label: 'Today' },
  { value: 'yesterday', label: 'Yesterday' },
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
] as const;

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());
const addDays = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);

export function presetRange(preset: string, now = new Date()): { from: string; to: string } {
  const today = startOfDay(now);
  const tomorrow = addDays(today, 1);
  if (preset === 'today') return { from: today.toISOString(), to: tomorrow.toISOString() };
  if (preset === 'yesterday') return { from: addDays(today, -1).toISOString(), to: today.toISOString() };
  const days = Number(preset);
  return { from: addDays(today, 1 - days).toISOString(), to: tomorrow.toISOString() };
}

/** Which preset a range is, if any (a pasted or restored URL shows its preset's name). */
export function presetOf(from: string, to: string, now = new Date()): string {
  if (!from && !to) return '';
  const match = PRESETS.find((p) => {
    const r = presetRange(p.value, now);
    return r.from === from && r.to === to;
  });
  return match ? match.value : 'custom';
}

/** <input type=date> value (local day) of an instant, and back: `to` is the day after the last one shown. */
const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
export const fromDay = (iso: string) => (iso ? dayOf(new Date(iso)) : '');
export const toDay = (iso: string) => (iso ? dayOf(addDays(new Date(iso), -1)) : '');
const localDay = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d);
};
export const dayStart = (day: string) => (day ? localDay(day).toISOString() : '');
export const dayEnd = (day: string) => (day ? addDays(localDay(day), 1).toISOString() : '');
