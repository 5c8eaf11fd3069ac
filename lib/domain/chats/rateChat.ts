import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { AppError, notFound } from '../../errors.js';
import { multilineText } from '../schemas.js';

export const rateChatInput = z.object({
  rating: z.number().int().min(1, 'must be 1 to 5 stars').max(5, 'must be 1 to 5 stars'),
  comment: multilineText.pipe(z.string().trim().max(2000)).optional(),
});

/**
 * The visitor's post-chat rating (1-5 stars and an optional comment), on their own chat once it is
 * over, unless the website has turned ratings off. Rating again replaces the earlier rating.
 */
export async function rateChat(ctx: DomainContext, visitorId: number, chatId: number, input: z.output<typeof rateChatInput>) {
  const { models, transaction } = ctx;
  const chat = await models.Chat.findByPk(chatId, { transaction });
  if (!chat || chat.visitor_id !== visitorId) throw notFound('chat');
  if (chat.status !== 'closed') throw new AppError('chat_not_closed', 'A chat is rated once it has ended.', 409);
  const client = await models.Client.findByPk(chat.client_id, { attributes: ['id', 'widget_settings'], transaction });
  if (client?.widget_settings?.rating === false) throw new AppError('rating_off', 'This website does not ask for ratings.', 409);
  await chat.update({ rating: input.rating, rating_comment: input.comment || null }, { transaction });
  ctx.integrate?.({ name: 'rating.given', clientId: chat.client_id, chat });
  return chat;
}
