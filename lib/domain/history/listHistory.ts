import type { Models } from '../../db/models/index.js';
import { readHistoryPage } from '../../db/history/historyRows.js';
import { historyDetails } from '../../db/history/historyDetails.js';
import type { HistoryChatDTO, HistoryPageDTO } from '../../protocol/http.js';
import type { ChatStatus } from '../../protocol/dto.js';
import type { z } from 'zod';
import type { historyPageQuery } from './historyQuery.js';
import { resolveHistoryFilter } from './resolveHistoryFilter.js';
import { decodeHistoryCursor, encodeHistoryCursor } from './historyCursor.js';
import { SEARCH_TIME_LIMIT_MS } from '../../db/search/searchTimeLimit.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A page of the chat history with every filter (domain/history/historyQuery.ts), newest first,
 * on the websites `visible` (null: all) for the user `userId`.
 */
export async function listHistory(models: Models, visible: number[] | null, userId: number, query: z.infer<typeof historyPageQuery>): Promise<HistoryPageDTO> {
  const sequelize = models.Chat.sequelize!;
  const filter = resolveHistoryFilter(query, visible, userId);
  const rows = await readHistoryPage(sequelize, filter, query.limit + 1, query.cursor ? decodeHistoryCursor(query.cursor) : undefined, filter.words ? SEARCH_TIME_LIMIT_MS : undefined);
  const page = rows.slice(0, query.limit);
  const details = await historyDetails(sequelize, page);
  const last = page[page.length - 1];
  return {
    chats: page.map((c): HistoryChatDTO => {
      const d = details.get(c.id)!;
      return {
        id: c.id,
        clientId: c.clientId,
        clientName: c.clientName,
        status: c.status as ChatStatus,
        leadFormFilled: c.leadFormFilled,
        serviceType: c.serviceType,
        visitor: { id: c.visitorId, name: c.visitorName, email: c.visitorEmail, phone: c.visitorPhone },
        startedAt: c.startedAt.toISOString(),
        firstResponseAt: iso(c.firstResponseAt),
        endedAt: iso(c.endedAt),
        rating: c.rating,
        ratingComment: c.ratingComment,
        agents: d.agents,
        messages: d.messages,
        files: d.files,
      };
    }),
    next: rows.length > query.limit ? encodeHistoryCursor({ startedAt: last.startedAt, id: last.id }) : null,
  };
}
