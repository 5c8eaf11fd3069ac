import { z } from 'zod';
import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { CHAT_STATUSES } from '../../db/models/chat.js';
import { id } from '../schemas.js';

const PAGE = 50;
export const listChatsInput = z.object({
  status: z.enum(CHAT_STATUSES).optional(),
  clientId: id.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/**
 * The chats of the websites a user sees (`visible` null: all), 50 a page, newest activity first.
 * Asking for a website the user does not see gives an empty page, not an error: ids are not probed.
 */
export async function listChats(models: Models, visible: number[] | null, input: z.infer<typeof listChatsInput>) {
  const clientFilter = input.clientId ? (visible && !visible.includes(input.clientId) ? [] : [input.clientId]) : visible;
  const where: Record<string, unknown> = {};
  if (clientFilter) where.client_id = { [Op.in]: clientFilter };
  if (input.status) where.status = input.status;
  return models.Chat.findAll({
    where,
    order: [['last_message_at', 'DESC'], ['id', 'DESC']],
    limit: PAGE,
    offset: (input.page - 1) * PAGE,
  });
}
