/** Vector bar charts for the report PDF (pdfkit paths, no images): what the Analytics page draws, on paper. */

const BAR = '#1a73e8';
const AXIS = '#c5cad3';
const INK = '#1d2330';
const MUTED = '#5b6475';

/** The part of a pdfkit document the charts draw with (kept narrow so a chart is easy to read and test). */
export interface Canvas {
  rect(x: number, y: number, w: number, h: number): Canvas;
  moveTo(x: number, y: number): Canvas;
  lineTo(x: number, y: number): Canvas;
  fill(color: string): Canvas;
  stroke(color?: string): Canvas;
  lineWidth(w: number): Canvas;
  fillColor(color: string): Canvas;
  fontSize(size: number): Canvas;
  text(text: string, x: number, y: number, options?: { width?: number; align?: 'left' | 'center' | 'right'; lineBreak?: boolean }): Canvas;
}

export interface Bar {
  label: string;
  value: number;
}

/** Vertical bars with their value above and their label below; returns the height used. */
export function barChart(doc: Canvas, bars: Bar[], box: { x: number; y: number; width: number; height: number }): number {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const labelHeight = 12;
  const plot = box.height - labelHeight * 2;
  const slot = box.width / Math.max(1, bars.length);
  const barWidth = Math.max(2, slot * 0.6);
  const base = box.y + labelHeight + plot;
  doc.lineWidth(0.5).moveTo(box.x, base).lineTo(box.x + box.width, base).stroke(AXIS);
  doc.fontSize(bars.length > 12 ? 6 : 8);
  bars.forEach((b, i) => {
    const h = (b.value / max) * plot;
    const x = box.x + i * slot + (slot - barWidth) / 2;
    if (h > 0) doc.rect(x, base - h, barWidth, h).fill(BAR);
    doc.fillColor(INK).text(String(b.value), box.x + i * slot, base - h - labelHeight + 2, { width: slot, align: 'center', lineBreak: false });
    doc.fillColor(MUTED).text(b.label, box.x + i * slot, base + 3, { width: slot, align: 'center', lineBreak: false });
  });
  doc.fillColor(INK);
  return box.height;
}
