import { z } from 'zod';
import { closeChats } from '../../../domain/chats/closeChats.js';
import { id } from '../../../domain/schemas.js';
import { agentOf } from '../../../identity/identity.js';
import { route } from '../../route.js';

const chatIds = z.array(id).min(1, 'select at least one chat').max(100, 'at most 100 chats at a time');

/** Closes the chats selected in the dashboard's list; each is told to its visitor and agents as one closed by hand. */
const bulkCloseRoute = route({
  method: 'post',
  path: '/api/chats/bulk/close',
  permission: 'chats.bulk',
  input: { body: z.object({ chatIds }).strict() },
  run: async (ctx, { body }) => {
    const me = await ctx.domain.models.User.findByPk(agentOf(ctx.caller).userId, { attributes: ['pseudo_name'], transaction: ctx.domain.transaction });
    return closeChats(ctx.domain, { chatIds: body.chatIds, byName: me?.pseudo_name ?? null });
  },
  present: (result) => result,
});

export const chatBulkRoutes = [bulkCloseRoute];
