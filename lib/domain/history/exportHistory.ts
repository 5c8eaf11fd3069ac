import type { Writable } from 'node:stream';
import type { Sequelize } from 'sequelize';
import type { HistoryFilter } from '../../db/history/historyFilter.js';
import { countHistory, streamHistory } from '../../db/history/historyRows.js';
import { historyDetails, historyMessages, type HistoryMessageRow } from '../../db/history/historyDetails.js';
import { CHAT_COLUMNS, MESSAGE_COLUMNS, chatCells, messageCells } from './exportColumns.js';
import { openRowSink, type ExportFormat } from './exportWriters.js';

export interface ExportOptions {
  format: ExportFormat;
  /** Each chat's messages as rows after it. */
  withMessages: boolean;
  /** Chats written so far of the total, after each page. */
  onProgress?: (done: number, total: number) => void;
  /** Stops between pages (the server shutting down): the export rejects with the signal's reason. */
  signal?: AbortSignal;
}

function byChat(messages: HistoryMessageRow[]): Map<number, HistoryMessageRow[]> {
  const grouped = new Map<number, HistoryMessageRow[]>();
  for (const m of messages) {
    const list = grouped.get(m.chatId);
    if (list) list.push(m);
    else grouped.set(m.chatId, [m]);
  }
  return grouped;
}

/** Chats read per page: the memory an export holds at once, whatever its size. */
const PAGE = 500;

/**
 * Writes the chats of a (resolved) history filter to `out` as CSV or XLSX, newest first, read
 * from the database a page at a time and streamed out (waiting when `out` is full), so memory
 * stays flat however many rows. Resolves with the number of chats once `out` has finished.
 */
export async function exportHistory(sequelize: Sequelize, filter: HistoryFilter, out: Writable, options: ExportOptions): Promise<{ chats: number }> {
  const total = await countHistory(sequelize, filter);
  const sink = openRowSink(options.format, out, options.withMessages ? [...CHAT_COLUMNS, ...MESSAGE_COLUMNS] : CHAT_COLUMNS);
  let done = 0;
  options.onProgress?.(0, total);
  for await (const page of streamHistory(sequelize, filter, PAGE)) {
    options.signal?.throwIfAborted();
    const details = await historyDetails(sequelize, page);
    const messages = options.withMessages ? byChat(await historyMessages(sequelize, page.map((c) => c.id))) : null;
    for (const chat of page) {
      sink.row(options.withMessages ? [...chatCells(chat, details.get(chat.id)!), ...MESSAGE_COLUMNS.map(() => null)] : chatCells(chat, details.get(chat.id)!));
      for (const m of messages?.get(chat.id) ?? []) sink.row(messageCells(chat, m));
    }
    done += page.length;
    options.onProgress?.(done, Math.max(total, done));
    await sink.drained();
  }
  await sink.end();
  return { chats: done };
}
