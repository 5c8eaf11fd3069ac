import { z } from 'zod';
import { visibleClientIds } from '../../../policies/index.js';
import { listInbox } from '../../../domain/chats/listInbox.js';
import { presentInbox } from '../../../presenters/chats.js';
import { agentOf, subjectOf } from '../../../identity/identity.js';
import { route } from '../../route.js';

/** The workspace's lists (chat cards) for the websites the user works on; listInbox validates the query. */
const inboxRoute = route({
  method: 'get',
  path: '/api/inbox',
  permission: 'signed.in',
  input: { query: z.unknown() },
  run: async (ctx, { query }) => listInbox(ctx.domain.models, agentOf(ctx.caller).userId, await visibleClientIds(ctx.domain.models, subjectOf(ctx.caller)!), query),
  present: presentInbox,
});

export const inboxRoutes = [inboxRoute];
