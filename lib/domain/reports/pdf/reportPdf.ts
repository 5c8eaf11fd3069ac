import PDFDocument from 'pdfkit';
import type { ReportFiguresDTO } from '../../../protocol/http.js';
import { barChart, type Canvas } from './charts.js';
import { bucketLabel, formatCount, formatDuration, formatRate, formatRating, WEEKDAYS } from './format.js';

export interface ReportPdfMeta {
  title: string;
  /** The websites the report covers, by name; empty: every website the reader may see. */
  websites: string[];
  /** When it was made (the footer), an instant. */
  generatedAt: Date;
}

const MARGIN = 40;
const INK = '#1d2330';
const MUTED = '#5b6475';
const RULE = '#e3e6eb';

interface Column<Row> {
  title: string;
  width: number;
  align?: 'left' | 'right';
  value: (row: Row) => string;
}

/**
 * The report figures as a PDF (A4, vector charts, standard fonts): the title, the period and the
 * websites, the overview cards, the first-response distribution, the busiest hours, and the
 * per-website and per-agent tables. Returns the document as a stream, already ended: pipe it.
 */
export function reportPdf(figures: ReportFiguresDTO, meta: ReportPdfMeta): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `${meta.title}, ${figures.from} to ${figures.to}`, Creator: 'livechat' } });
  const canvas = doc as unknown as Canvas;
  const width = doc.page.width - MARGIN * 2;
  const bottom = () => doc.page.height - MARGIN;
  const room = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  /** A heading, kept on one page with the `keep` points that follow it. */
  const heading = (text: string, keep = 40) => {
    room(keep + 24);
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).fillColor(INK).text(text, MARGIN, doc.y);
    doc.moveDown(0.3).font('Helvetica');
  };

  doc.font('Helvetica-Bold').fontSize(18).fillColor(INK).text(meta.title);
  doc.font('Helvetica').fontSize(10).fillColor(MUTED);
  doc.text(`Period: ${figures.from} to ${figures.to} (days in ${figures.timeZone})`);
  doc.text(`Websites: ${meta.websites.length ? meta.websites.join(', ') : 'all websites'}`);

  heading('Overview');
  const o = figures.overview;
  const cards: [string, string][] = [
    ['Visitors', formatCount(o.visitors)],
    ['Chats', formatCount(o.chats)],
    ['Missed chats', formatCount(o.missed)],
    ['Avg first response', formatDuration(o.avgFirstResponseSeconds)],
    ['Avg chat duration', formatDuration(o.avgDurationSeconds)],
    ['Messages', formatCount(o.messages)],
    ['Files', formatCount(o.files)],
    ['Conversions', formatCount(o.conversions)],
    ['Avg rating', formatRating(o.avgRating)],
  ];
  const cardW = (width - 2 * 8) / 3;
  const cardH = 40;
  const top = doc.y;
  cards.forEach(([label, value], i) => {
    const x = MARGIN + (i % 3) * (cardW + 8);
    const y = top + Math.floor(i / 3) * (cardH + 8);
    doc.roundedRect(x, y, cardW, cardH, 4).lineWidth(0.5).stroke(RULE);
    doc.fontSize(8).fillColor(MUTED).text(label, x + 8, y + 7, { width: cardW - 16, lineBreak: false });
    doc.font('Helvetica-Bold').fontSize(14).fillColor(INK).text(value, x + 8, y + 19, { width: cardW - 16, lineBreak: false });
    doc.font('Helvetica');
  });
  doc.x = MARGIN;
  doc.y = top + 3 * (cardH + 8);

  const chart = (title: string, bars: { label: string; value: number }[], height = 120) => {
    heading(title, height);
    const y = doc.y;
    barChart(canvas, bars, { x: MARGIN, y, width, height });
    doc.x = MARGIN;
    doc.y = y + height + 4;
  };
  chart('First response time (chats answered)', figures.firstResponse.map((b) => ({ label: bucketLabel(b), value: b.chats })));
  const byHour = Array.from({ length: 24 }, (_, h) => figures.busiestHours.reduce((n, day) => n + (day[h] ?? 0), 0));
  chart('Busiest hours (chats started, by hour)', byHour.map((value, h) => ({ label: String(h).padStart(2, '0'), value })));
  chart('Busiest days (chats started, by weekday)', figures.busiestHours.map((day, i) => ({ label: WEEKDAYS[i], value: day.reduce((n, v) => n + v, 0) })), 100);

  const table = <Row>(title: string, columns: Column<Row>[], rows: Row[], empty: string) => {
    heading(title, 32);
    const total = columns.reduce((n, c) => n + c.width, 0);
    const scale = width / total;
    const line = (cells: string[], bold: boolean) => {
      room(16);
      const y = doc.y;
      let x = MARGIN;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9).fillColor(bold ? MUTED : INK);
      cells.forEach((cell, i) => {
        const w = columns[i].width * scale;
        // One line per row: a long name ends in "…" rather than running into the next row.
        doc.text(cell, x + 2, y + 3, { width: w - 4, height: 11, align: columns[i].align ?? 'right', ellipsis: true });
        x += w;
      });
      doc.moveTo(MARGIN, y + 15).lineTo(MARGIN + width, y + 15).lineWidth(0.5).stroke(RULE);
      doc.x = MARGIN;
      doc.y = y + 16;
    };
    line(columns.map((c) => c.title), true);
    if (!rows.length) doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(empty, MARGIN + 2, doc.y + 3, { width: width - 4 }).moveDown(0.3);
    for (const row of rows) line(columns.map((c) => c.value(row)), false);
    doc.font('Helvetica');
  };
  table('By website', [
    { title: 'Website', width: 3, align: 'left', value: (r) => r.name },
    { title: 'Visitors', width: 1.2, value: (r) => formatCount(r.visitors) },
    { title: 'Chats', width: 1, value: (r) => formatCount(r.chats) },
    { title: 'Missed', width: 1, value: (r) => formatCount(r.missed) },
    { title: 'Conversion', width: 1.3, value: (r) => formatRate(r.conversionRate) },
    { title: 'First response', width: 1.5, value: (r) => formatDuration(r.avgFirstResponseSeconds) },
    { title: 'Rating', width: 1, value: (r) => formatRating(r.avgRating) },
  ], figures.byWebsite, 'No chats in this period.');
  table('By agent', [
    { title: 'Agent', width: 3, align: 'left', value: (r) => r.name },
    { title: 'Chats', width: 1, value: (r) => formatCount(r.chats) },
    { title: 'First response', width: 1.5, value: (r) => formatDuration(r.avgFirstResponseSeconds) },
    { title: 'Duration', width: 1.3, value: (r) => formatDuration(r.avgDurationSeconds) },
    { title: 'Rating', width: 1, value: (r) => formatRating(r.avgRating) },
  ], figures.byAgent, 'No agent took part in a chat in this period.');

  room(20);
  doc.moveDown(1).fontSize(8).fillColor(MUTED).text(`Made by livechat on ${meta.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`, MARGIN, doc.y);
  doc.end();
  return doc;
}
