import { expect } from 'chai';
import type { ReportFiguresDTO } from '../../lib/protocol/http.js';
import { bucketLabel, formatCount, formatDuration, formatRate, formatRating } from '../../lib/domain/reports/pdf/format.js';
import { pdfText } from './pdfText.js';

/**
 * Reads a report PDF back (pdf.js) and checks it holds the figures of the JSON answer: the period,
 * the websites line, each overview card, each first-response bar and each website and agent row.
 * Returns the text (pages joined) for further checks.
 */
export async function expectPdfHoldsFigures(pdf: Buffer | Uint8Array, figures: ReportFiguresDTO, websites = 'all websites'): Promise<string> {
  expect(Buffer.from(pdf).subarray(0, 5).toString()).to.equal('%PDF-');
  const text = (await pdfText(pdf)).join(' | ');
  const o = figures.overview;
  expect(text).to.include(`Period: ${figures.from} to ${figures.to} (days in ${figures.timeZone})`);
  expect(text).to.include(`Websites: ${websites}`);
  const cards: [string, string][] = [
    ['Visitors', formatCount(o.visitors)], ['Chats', formatCount(o.chats)], ['Missed chats', formatCount(o.missed)],
    ['Avg first response', formatDuration(o.avgFirstResponseSeconds)], ['Avg chat duration', formatDuration(o.avgDurationSeconds)],
    ['Messages', formatCount(o.messages)], ['Files', formatCount(o.files)], ['Conversions', formatCount(o.conversions)], ['Avg rating', formatRating(o.avgRating)],
  ];
  for (const [label, value] of cards) expect(text, label).to.include(`| ${label} | ${value} |`);
  for (const b of figures.firstResponse) expect(text, bucketLabel(b)).to.include(`| ${b.chats} | ${bucketLabel(b)} |`);
  for (const w of figures.byWebsite) {
    expect(text, w.name).to.include([w.name, formatCount(w.visitors), formatCount(w.chats), formatCount(w.missed), formatRate(w.conversionRate), formatDuration(w.avgFirstResponseSeconds), formatRating(w.avgRating)].join(' | '));
  }
  for (const a of figures.byAgent) {
    expect(text, a.name).to.include([a.name, formatCount(a.chats), formatDuration(a.avgFirstResponseSeconds), formatDuration(a.avgDurationSeconds), formatRating(a.avgRating)].join(' | '));
  }
  return text;
}
