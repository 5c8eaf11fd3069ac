import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** An export file read back: one object per row, keyed by the header, every cell as text (dates as ISO). */
export type Table = Record<string, string>[];

export const csvOf = (body: Buffer): Table => parse(body, { columns: true, bom: true });

export async function xlsxOf(body: Buffer): Promise<Table> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('Chats')!;
  const header = (sheet.getRow(1).values as string[]).slice(1);
  const rows: Table = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] instanceof Date ? (values[i] as Date).toISOString() : values[i] == null ? '' : String(values[i])])));
  });
  return rows;
}
