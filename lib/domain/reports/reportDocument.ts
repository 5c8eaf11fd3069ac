import type { z } from 'zod';
import type { Models } from '../../db/models/index.js';
import { reportFigures, type reportQuery } from './reportFigures.js';
import { reportWebsites } from './reportWebsites.js';
import { reportPdf } from './pdf/reportPdf.js';

export interface ReportDocumentInput {
  /** The websites the reader may see (null: all). */
  visible: number[] | null;
  timeZone: string;
  query: z.infer<typeof reportQuery>;
  /** An agent's own report keeps the per-agent rows to him. */
  onlyAgent: number | null;
  title?: string;
  now: Date;
}

/** The report figures of a period as a PDF stream, for a reader who may see every website asked for. */
export async function reportDocument(models: Models, input: ReportDocumentInput) {
  const websites = await reportWebsites(models, input.query.clientIds ?? [], input.visible);
  const figures = await reportFigures(models, input.visible, input.timeZone, input.query, input.onlyAgent);
  return { figures, pdf: reportPdf(figures, { title: input.title ?? 'Chat report', websites: websites.map((w) => w.name), generatedAt: input.now }) };
}
