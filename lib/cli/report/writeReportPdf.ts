import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../../db/index.js';
import { reportDocument } from '../../domain/reports/reportDocument.js';

export interface ReportPdfOptions {
  /** Days (YYYY-MM-DD) in the company's time zone, both included. */
  from: string;
  to: string;
  websites: number[];
  timeZone: string;
  out: string;
  now: Date;
}

/**
 * The Analytics figures of a period as a PDF file (every website, or those asked): written beside
 * `out` and renamed when complete, so `out` never holds half a report.
 */
export async function writeReportPdf(db: Database, options: ReportPdfOptions): Promise<{ file: string; chats: number; bytes: number }> {
  const file = path.resolve(options.out);
  const partial = `${file}.partial-${process.pid}`;
  try {
    const { figures, pdf } = await reportDocument(db.models, {
      visible: null,
      timeZone: options.timeZone,
      query: { from: options.from, to: options.to, clientIds: options.websites.length ? options.websites : undefined },
      onlyAgent: null,
      now: options.now,
    });
    await pipeline(pdf, fs.createWriteStream(partial));
    fs.renameSync(partial, file);
    return { file, chats: figures.overview.chats, bytes: fs.statSync(file).size };
  } finally {
    fs.rmSync(partial, { force: true });
  }
}
