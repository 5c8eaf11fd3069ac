import type { HistoryCursor } from '../../db/history/historyFilter.js';
import { invalid } from '../../errors.js';

/** The history's page cursor: where the last page ended (its last chat's start and id), opaque to clients. */
export const encodeHistoryCursor = (c: HistoryCursor) => Buffer.from(`${c.startedAt.getTime()}.${c.id}`).toString('base64url');

export function decodeHistoryCursor(text: string): HistoryCursor {
  const match = /^(\d{1,15})\.(\d{1,12})$/.exec(Buffer.from(text, 'base64url').toString());
  if (!match) throw invalid('The input is not valid: cursor: is not one this server gave; start again from the first page (leave cursor out).', ['cursor: not a cursor this server gave']);
  return { startedAt: new Date(Number(match[1])), id: Number(match[2]) };
}
