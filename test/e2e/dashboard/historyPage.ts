import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { QueryTypes } from 'sequelize';
import type { Page } from 'playwright-core';
import type { Scene } from '../../helpers/scene.js';
import { waitForValue } from '../../helpers/wait.js';

/** What the History page tests share: the rows shown, the chats SQL says should be, the files read back. */
export const shownIds = (page: Page) => page.locator('.rows .row').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.chatId)));

/** Ids of site chats matching `where`, newest first, as the history orders them. */
export async function expectedIds(scene: Scene, where: string, values: unknown[] = []): Promise<number[]> {
  const rows = await scene.db.sequelize.query<{ id: number }>(`SELECT c.id FROM chats c WHERE ${where} ORDER BY c.started_at DESC, c.id DESC`, { replacements: values, type: QueryTypes.SELECT });
  return rows.map((r) => Number(r.id));
}

/** Waits until the page lists exactly `ids`, in that order (the list settles after each filter). */
export const waitForRows = (page: Page, ids: number[], what = 'the history rows') => waitForValue(what, () => shownIds(page), ids, 10_000);

export type Table = Record<string, string>[];

/** Clicks `button` and reads the file the browser downloads. */
export async function downloadOf(page: Page, click: () => Promise<unknown>) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), body: fs.readFileSync(file) };
}

export const csvRows = (body: Buffer): Table => parse(body, { columns: true, bom: true });

export async function xlsxRows(body: Buffer): Promise<Table> {
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
