export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of a list of milliseconds. */
export function summarize(values: ArrayLike<number>): Summary {
  const s = Float64Array.from(values).sort();
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN);
  return { n: s.length, p50: at(50), p99: at(99), max: s.length ? s[s.length - 1] : NaN };
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '-');
export const mb = (bytes: number) => fmt(bytes / 1024 / 1024, 0);
export const ratio = (a: number, b: number, digits = 1) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${fmt(a / b, digits)}x` : '-');

/** A plain text table, columns right-aligned except the first. */
export function table(head: string[], rows: (string | number)[][]): string {
  const all = [head, ...rows].map((r) => r.map(String));
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}
