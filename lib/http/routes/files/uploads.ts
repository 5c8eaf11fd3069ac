import { z } from 'zod';
import { shareFile } from '../../../domain/files/shareFile.js';
import { mayActInChat } from '../../../policies/realtime.js';
import { notFound } from '../../../errors.js';
import { id } from '../../../domain/schemas.js';
import type { Sender } from '../../../domain/chats/senders.js';
import type { Actor } from '../../../domain/types.js';
import type { Identity } from '../../../realtime/connection.js';
import { allow, params } from '../helpers.js';
import type { AppContext, AppDeps, AppRouter } from '../../types.js';
import { widgetCors } from '../widget/cors.js';
import { widgetVisitor } from './widgetVisitor.js';
import type { FileServices } from './fileServices.js';

const chatParams = z.object({ chatId: id });

/**
 * Sharing a file in a chat, from the widget (visitor token) or the dashboard (session cookie and
 * CSRF header): the policies say whether this person may act in the chat, the sender's upload
 * budget is counted, then one domain operation stores the file and its message. 201 with the message.
 */
export function uploadRoutes(open: AppRouter, signedIn: AppRouter, deps: AppDeps, files: FileServices) {
  const upload = async (ctx: AppContext, identity: Identity, sender: Sender, actor: Actor) => {
    const { chatId } = params(ctx, chatParams);
    if (!(await mayActInChat(deps.db.models, identity, chatId))) throw notFound('chat');
    await files.countUpload(ctx, sender.type === 'visitor' ? `v:${sender.visitorId}` : `u:${sender.userId}`);
    const { clientMsgId, ...file } = await files.readUpload(ctx);
    const result = await shareFile(files.shareDeps, actor, sender, { chatId, clientMsgId }, file);
    ctx.status = result.duplicate ? 200 : 201;
    ctx.body = { message: result.dto, duplicate: result.duplicate };
  };

  open.options('/api/widget/chats/:chatId/files', widgetCors);
  open.post('/api/widget/chats/:chatId/files', widgetCors, async (ctx) => {
    const visitor = await widgetVisitor(ctx, deps);
    await upload(
      ctx,
      { kind: 'visitor', visitorId: visitor.visitorId, clientId: visitor.clientId },
      { type: 'visitor', visitorId: visitor.visitorId },
      { type: 'visitor', id: visitor.visitorId, clientId: visitor.clientId, ip: ctx.ip },
    );
  });

  signedIn.post('/api/chats/:chatId/files', async (ctx) => {
    const user = allow(ctx, 'chats:write');
    await upload(ctx, { kind: 'agent', userId: user.id, role: user.role }, { type: 'agent', userId: user.id }, { type: 'user', id: user.id, ip: ctx.ip });
  });
}
