import { z } from 'zod';
import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { messageSenderNames } from './messageSenderNames.js';
import { messageAnalyses } from '../../db/ai/messageAnalyses.js';

export const listMessagesInput = z.object({
  afterSeq: z.coerce.number().int().min(0).default(0),
  /** Paging backwards (the dashboard opens a chat on its latest messages): those before this seq. */
  beforeSeq: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

/** A chat's messages in seq order, after `afterSeq` or (paging back) the last ones before `beforeSeq`, with sender names and the AI readings of the visitor's. */
export async function listMessages(models: Models, chatId: number, input: z.infer<typeof listMessagesInput>) {
  const seq = input.beforeSeq ? { [Op.gt]: input.afterSeq, [Op.lt]: input.beforeSeq } : { [Op.gt]: input.afterSeq };
  const found = await models.Message.findAll({
    where: { chat_id: chatId, seq },
    order: [['seq', input.beforeSeq ? 'DESC' : 'ASC']],
    limit: input.limit,
  });
  const messages = input.beforeSeq ? found.reverse() : found;
  const analyses = await messageAnalyses(models).forMessages(messages.filter((m) => m.sender_type === 'visitor').map((m) => m.id));
  return { messages, nameOf: await messageSenderNames(models, messages), analyses };
}
