import { z } from 'zod';
import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { parseInput } from '../validate.js';
import { searchWords } from './searchWords.js';
import { searchMessages } from '../../db/search/searchMessages.js';
import { searchVisitorIds } from '../../db/search/searchVisitors.js';
import type { SearchResultsDTO } from '../../protocol/http.js';
import type { SenderType } from '../../protocol/dto.js';

const searchInput = z.object({
  q: z.string().trim().min(2, 'must be at least 2 characters').max(100),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});


/**
 * The top bar's search: visitors by the words of their name, e-mail or phone, and messages by text on the full-text
 * index (every word, whole or its start; internal notes included: only agents search), on the
 * websites the user may see (`clientIds` null: all).
 */
export async function searchWorkspace(models: Models, clientIds: number[] | null, raw: unknown): Promise<SearchResultsDTO> {
  const input = parseInput(searchInput, raw);
  if (clientIds && clientIds.length === 0) return { visitors: [], messages: [] };
  const words = searchWords(input.q);
  const found = await searchVisitorIds(models.Visitor.sequelize!, words, clientIds, input.limit);
  const byId = new Map((found.length ? await models.Visitor.findAll({ where: { id: { [Op.in]: found } } }) : []).map((v) => [v.id, v]));
  const visitors = found.map((id) => byId.get(id)!).filter(Boolean);
  const lastChats = visitors.length
    ? await models.Chat.findAll({ where: { visitor_id: { [Op.in]: visitors.map((v) => v.id) } }, attributes: ['id', 'visitor_id'], order: [['id', 'ASC']] })
    : [];
  const lastChatOf = new Map(lastChats.map((c) => [c.visitor_id, c.id]));
  const messages = await searchMessages(models.Message.sequelize!, words, clientIds, input.limit);
  return {
    visitors: visitors.map((v) => ({ id: v.id, clientId: v.client_id, name: v.name, email: v.email, phone: v.phone, lastChatId: lastChatOf.get(v.id) ?? null })),
    messages: messages.map((m) => ({ id: m.id, chatId: m.chatId, clientId: m.clientId, seq: m.seq, body: m.body.slice(0, 200), internal: m.internal, senderType: m.senderType as SenderType, visitorName: m.visitorName, createdAt: m.createdAt.toISOString() })),
  };
}
