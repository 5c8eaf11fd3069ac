import type { Models } from '../models/index.js';
import type { MessageAnalysisRow } from '../models/messageAnalysis.js';

/** The message_analyses table (migration 20261203185000-message-analyses). */
export function messageAnalyses(models: Models) {
  return {
    /** Stores a message's reading once; a second reading of the same message (a replayed event) changes nothing. */
    async save(row: Omit<MessageAnalysisRow, 'created_at'>, now: Date): Promise<boolean> {
      const [, created] = await models.MessageAnalysis.findOrCreate({ where: { message_id: row.message_id }, defaults: { ...row, created_at: now } });
      return created;
    },
    forMessages: (messageIds: number[]) =>
      messageIds.length ? models.MessageAnalysis.findAll({ where: { message_id: messageIds } }) : Promise.resolve([]),
  };
}
