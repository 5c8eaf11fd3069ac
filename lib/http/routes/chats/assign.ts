import { z } from 'zod';
import { assignByHand } from '../../../domain/routing/assignByHand.js';
import { id } from '../../../domain/schemas.js';
import { presentChat } from '../../../presenters/index.js';
import { route } from '../../route.js';

/** A super admin (or a manager given the right) gives a waiting chat to an agent of its website. */
const assignChatRoute = route({
  method: 'post',
  path: '/api/chats/:chatId/assign',
  permission: 'chat.assign',
  input: { params: z.object({ chatId: id }), body: z.object({ agentId: id }).strict() },
  run: (ctx, { body }) => assignByHand(ctx.domain, ctx.grant, body.agentId),
  present: (chat) => ({ chat: presentChat(chat) }),
});

export const chatAssignRoutes = [assignChatRoute];
