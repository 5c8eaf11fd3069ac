import { z } from 'zod';
import { rateChat } from '../../../domain/chats/rateChat.js';
import { id } from '../../../domain/schemas.js';
import { widgetVisitor } from '../files/widgetVisitor.js';
import { body, params } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';
import { widgetCors } from './cors.js';

const chatParams = z.object({ chatId: id });

/** The visitor rates their ended chat from the widget: 1-5 stars and an optional comment. */
export function widgetRatingRoutes(router: AppRouter, deps: AppDeps) {
  router.options('/api/widget/chats/:chatId/rating', widgetCors);
  router.post('/api/widget/chats/:chatId/rating', widgetCors, async (ctx) => {
    const visitor = await widgetVisitor(ctx, deps);
    const { chatId } = params(ctx, chatParams);
    const chat = await deps.db.sequelize.transaction((transaction) =>
      rateChat({ models: deps.db.models, transaction, actor: { type: 'visitor', id: visitor.visitorId, clientId: visitor.clientId, ip: ctx.ip } }, visitor.visitorId, chatId, body(ctx) as never),
    );
    ctx.body = { chatId: chat.id, rating: chat.rating, comment: chat.rating_comment };
  });
}
