import { z } from 'zod';
import { rateChat, rateChatInput } from '../../../domain/chats/rateChat.js';
import { id } from '../../../domain/schemas.js';
import { visitorOf } from '../../../identity/identity.js';
import { route } from '../../route.js';

/** The visitor rates their ended chat from the widget: 1-5 stars and an optional comment. */
const rateChatRoute = route({
  method: 'post',
  path: '/api/widget/chats/:chatId/rating',
  cors: 'widget',
  permission: 'visitor',
  input: { params: z.object({ chatId: id }), body: rateChatInput },
  run: (ctx, { params, body }) => rateChat(ctx.domain, visitorOf(ctx.caller).visitorId, params.chatId, body),
  present: (chat) => ({ chatId: chat.id, rating: chat.rating, comment: chat.rating_comment }),
});

export const widgetRatingRoutes = [rateChatRoute];
