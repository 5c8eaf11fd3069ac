import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/index.js';
import { dayBounds } from '../../domain/calendarDay.js';
import { exportHistory } from '../../domain/history/exportHistory.js';
import { resolveHistoryFilter } from '../../domain/history/resolveHistoryFilter.js';
import type { ExportFormat } from '../../domain/history/exportWriters.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The period of `--from`/`--to`: calendar days in the company's time zone (jobs.timezone, the
 * analytics day), `--to` included; or ISO instants, `--to` excluded.
 */
export function reportPeriod(from: string, to: string, timeZone: string): { from: Date; to: Date } | { problem: string } {
  const at = (text: string, flag: string, end: boolean): Date | string => {
    if (DAY.test(text)) {
      const day = new Date(`${text}T00:00:00Z`);
      if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) return `${flag} "${text}" is not a calendar day.`;
      const bounds = dayBounds(text, timeZone);
      return end ? bounds.end : bounds.start;
    }
    const instant = new Date(text);
    return Number.isNaN(instant.getTime()) || !/T/.test(text) ? `${flag} must be a day (YYYY-MM-DD) or an ISO date and time, not "${text}".` : instant;
  };
  const start = at(from, '--from', false);
  const end = at(to, '--to', true);
  if (typeof start === 'string') return { problem: start };
  if (typeof end === 'string') return { problem: end };
  if (start >= end) return { problem: `--to (${to}) must not be before --from (${from}).` };
  return { from: start, to: end };
}

export interface ReportOptions {
  from: Date;
  to: Date;
  /** Website ids; empty: every website. */
  websites: number[];
  format: ExportFormat;
  withMessages: boolean;
  out: string;
  onProgress: (line: string) => void;
}

/** A progress line at most every this many ms (and at the end), so a big report shows it moves without flooding. */
const PROGRESS_EVERY_MS = 1000;

/**
 * The history export of a period to a file: written beside it under a temporary name and renamed
 * when complete, so `--out` never holds half a report.
 */
export async function writeReport(db: Database, options: ReportOptions): Promise<{ file: string; chats: number; bytes: number }> {
  const file = path.resolve(options.out);
  const partial = `${file}.partial-${process.pid}`;
  const filter = resolveHistoryFilter({ from: options.from, to: options.to, clientIds: options.websites.length ? options.websites : undefined }, null, null);
  let shown = 0;
  try {
    const { chats } = await exportHistory(db.sequelize, filter, fs.createWriteStream(partial), {
      format: options.format,
      withMessages: options.withMessages,
      onProgress(done, total) {
        if (done !== total && Date.now() - shown < PROGRESS_EVERY_MS) return;
        shown = Date.now();
        options.onProgress(`report: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} chats${total ? ` (${Math.floor((done / total) * 100)}%)` : ''}`);
      },
    });
    fs.renameSync(partial, file);
    return { file, chats, bytes: fs.statSync(file).size };
  } finally {
    fs.rmSync(partial, { force: true });
  }
}
