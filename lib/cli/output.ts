/** Output for people (tables, lines) or for scripts (--json), and progress on stderr. */
export interface Output {
  json: boolean;
  /** A result: printed as JSON with --json, else through `human`. */
  result(data: unknown, human: () => void): void;
  line(text?: string): void;
  table(rows: Record<string, unknown>[], columns?: string[]): void;
  progress(text: string): void;
  warn(text: string): void;
}

export function createOutput(json: boolean, stdout = process.stdout, stderr = process.stderr): Output {
  const line = (text = '') => {
    if (!json) stdout.write(`${text}\n`);
  };
  return {
    json,
    result(data, human) {
      if (json) stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      else human();
    },
    line,
    table(rows, columns) {
      if (json) return;
      if (rows.length === 0) return line('(none)');
      const cols = columns ?? Object.keys(rows[0]);
      const cell = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v));
      const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
      const fmt = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
      line(fmt(cols.map((c) => c.toUpperCase())));
      for (const r of rows) line(fmt(cols.map((c) => cell(r[c]))));
    },
    progress(text) {
      stderr.write(`${text}\n`);
    },
    warn(text) {
      stderr.write(`warning: ${text}\n`);
    },
  };
}
