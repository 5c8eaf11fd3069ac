import { elapsed } from '../colors';

/** How the Analytics page writes its figures. */

/** A table column: the row's key, its header, how to write a value; numbers right-aligned and sorted biggest first. */
export interface Column<R> {
  key: keyof R & string;
  label: string;
  format?: (value: R[keyof R], row: R) => string;
  numeric?: boolean;
}

export const count = (n: number | null | undefined) => (n == null ? '—' : n.toLocaleString());

export const duration = (seconds: number | null | undefined) => (seconds == null ? '—' : elapsed(Math.round(seconds)));

export const percent = (ratio: number | null | undefined) => (ratio == null ? '—' : `${(ratio * 100).toFixed(1)}%`);
export const stars = (r: number | null | undefined) => (r == null ? '—' : `${r.toFixed(2)} ★`);

/** The change from the previous period: "+25%", "−10%", "new" (nothing before), "=" (same); null when not comparable. */
export function change(now: number | null, before: number | null): string | null {
  if (now == null || before == null) return null;
  if (now === before) return '=';
  if (before === 0) return 'new';
  const p = Math.round(((now - before) / before) * 100);
  return `${p > 0 ? '+' : '−'}${Math.abs(p)}%`;
}
