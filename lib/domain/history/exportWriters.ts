import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { neutraliseFormula, type Cell } from './exportColumns.js';

export type ExportFormat = 'csv' | 'xlsx';

/** Where export rows go, streamed: rows are written as they come, never held. */
export interface RowSink {
  row(cells: Cell[]): void;
  /** Resolves when the output can take more (backpressure), between pages. */
  drained(): Promise<void>;
  end(): Promise<void>;
}

const waitDrain = async (out: Writable) => {
  if (out.writableNeedDrain) await once(out, 'drain');
};

/** CSV (RFC 4180, UTF-8 with a byte-order mark so Excel reads accents), dates as ISO 8601 UTC. */
function csvSink(out: Writable, header: readonly string[]): RowSink {
  const csv = stringify({ bom: true, cast: { date: (d) => d.toISOString() } });
  csv.pipe(out);
  csv.write([...header]);
  return {
    row: (cells) => csv.write(cells.map(neutraliseFormula)),
    drained: async () => {
      if (csv.writableNeedDrain) await once(csv, 'drain');
      await waitDrain(out);
    },
    async end() {
      const finished = once(out, 'finish');
      csv.end();
      await finished;
    },
  };
}

/** Excel, through exceljs's streaming writer: each row is committed (zipped out) as it is added. */
function xlsxSink(out: Writable, header: readonly string[]): RowSink {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = book.addWorksheet('Chats');
  sheet.addRow([...header]).commit();
  return {
    row: (cells) => sheet.addRow(cells.map(neutraliseFormula)).commit(),
    drained: () => waitDrain(out),
    async end() {
      const finished = once(out, 'finish');
      sheet.commit();
      await book.commit();
      await finished;
    },
  };
}

export const openRowSink = (format: ExportFormat, out: Writable, header: readonly string[]): RowSink => (format === 'csv' ? csvSink(out, header) : xlsxSink(out, header));
