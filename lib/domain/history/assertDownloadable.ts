import type { Sequelize } from 'sequelize';
import type { HistoryFilter } from '../../db/history/historyFilter.js';
import { countHistory } from '../../db/history/historyRows.js';
import { AppError } from '../../errors.js';

/**
 * A direct download streams inside one request; past `max` chats (exports.downloadMaxChats) the
 * export is refused with what to do instead: the background export, with progress and a link.
 */
export async function assertDownloadable(sequelize: Sequelize, filter: HistoryFilter, max: number): Promise<void> {
  const chats = await countHistory(sequelize, filter);
  if (chats > max) {
    throw new AppError('export_too_large', `This export has ${chats.toLocaleString('en-US')} chats, more than the ${max.toLocaleString('en-US')} a direct download takes: start it in the background (POST /api/history/exports) and download it from the link when it is done.`, 413);
  }
}
