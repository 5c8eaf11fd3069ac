/** How the report PDF writes figures (the tests read the PDF back with the same rules). */

export const formatCount = (n: number) => n.toLocaleString('en-US');

/** 75 -> "1m 15s", 3725 -> "1h 02m", null -> "—" (nothing to average). */
export function formatDuration(seconds: number | null): string {
  if (seconds == null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export const formatRating = (rating: number | null) => (rating == null ? '—' : rating.toFixed(2));
export const formatRate = (rate: number | null) => (rate == null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** "0–1 min", "1–5 min", …, "> 60 min": a first-response bucket's label. */
export const bucketLabel = (b: { fromMinutes: number; toMinutes: number | null }) => (b.toMinutes == null ? `> ${b.fromMinutes} min` : `${b.fromMinutes}–${b.toMinutes} min`);

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
