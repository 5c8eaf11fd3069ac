import { z } from 'zod';
import { visibleClientIds } from '../../../policies/index.js';
import { startProactiveChat } from '../../../domain/chats/startProactiveChat.js';
import { listLiveVisitors } from '../../../domain/visitors/listLiveVisitors.js';
import { chatDTO, messageDTO } from '../../../presenters/realtime.js';
import { id } from '../../../domain/schemas.js';
import { agentOf, subjectOf } from '../../../identity/identity.js';
import { route } from '../../route.js';

/** The live visitors page: everyone browsing the user's websites right now, with their visit. */
const liveVisitorsRoute = route({
  method: 'get',
  path: '/api/visitors/online',
  permission: 'signed.in',
  run: async (ctx) => listLiveVisitors(ctx.domain.models, await visibleClientIds(ctx.domain.models, subjectOf(ctx.caller)!)),
  present: (visitors) => ({ visitors }),
});

/** "Start chat": a proactive greeting that reaches the visitor's widget as an agent message. */
const startProactiveChatRoute = route({
  method: 'post',
  path: '/api/visitors/:visitorId/chat',
  permission: 'visitor.engage',
  input: { params: z.object({ visitorId: id }), body: z.object({ body: z.string(), clientMsgId: z.string().optional() }) },
  run: (ctx, { params, body }) => startProactiveChat(ctx.domain, agentOf(ctx.caller).userId, { visitorId: params.visitorId, body: body.body, clientMsgId: body.clientMsgId }),
  present: (result, ctx) => ({ chat: chatDTO(result.chat), created: result.created, message: messageDTO(result.message, ctx.caller.account!.user.pseudo_name) }),
  status: (result) => (result.created ? 201 : 200),
});

export const liveVisitorRoutes = [liveVisitorsRoute, startProactiveChatRoute];
