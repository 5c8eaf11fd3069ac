import { z } from 'zod';
import { shareFile } from '../../../domain/files/shareFile.js';
import { messageDTO } from '../../../presenters/realtime.js';
import { id } from '../../../domain/schemas.js';
import type { Sender } from '../../../domain/chats/senders.js';
import { agentOf, visitorOf } from '../../../identity/identity.js';
import type { RunContext } from '../../../runner/entry.js';
import { route, type HttpEnv } from '../../route.js';
import { fileServicesOf } from './fileServices.js';
import { refuseBlocked } from '../../../domain/blocks/refuseBlocked.js';

const chatParams = z.object({ chatId: id });

/**
 * Sharing a file in a chat, once the policy has said this person may act in it: the sender's upload
 * budget is counted, the body is read (never inside a transaction: shareFile opens its own unit of
 * work once the file is checked), and one domain operation stores the file and its message.
 * 201 with the message, 200 for a resend of the same clientMsgId.
 */
async function upload(ctx: RunContext<HttpEnv, unknown>, chatId: number, sender: Sender) {
  const files = fileServicesOf(ctx.env.deps);
  const { http } = ctx.env;
  await files.countUpload(http, sender.type === 'visitor' ? `v:${sender.visitorId}` : `u:${sender.userId}`);
  const { clientMsgId, ...file } = await files.readUpload(http);
  return shareFile(files.shareDeps, ctx.actor, sender, { chatId, clientMsgId }, file);
}
type Shared = Awaited<ReturnType<typeof upload>>;
const present = (result: Shared) => ({ message: messageDTO(result.message, result.senderName), duplicate: result.duplicate });
const status = (result: Shared) => (result.duplicate ? 200 : 201);

/** From the widget: the visitor token, and the visitor's own chat. */
export const widgetUploadRoute = route({
  method: 'post',
  path: '/api/widget/chats/:chatId/files',
  cors: 'widget',
  permission: 'visitor.chat',
  input: { params: chatParams },
  unitOfWork: 'none',
  run: async (ctx, { params }) => {
    // A blocked visitor shares no file either (before the body is read).
    const { visitorId, clientId } = visitorOf(ctx.caller);
    await refuseBlocked(ctx.domain.models, { clientId, visitorId, ip: ctx.caller.ip });
    return upload(ctx, params.chatId, { type: 'visitor', visitorId });
  },
  present,
  status,
});

/** From the dashboard: the session cookie and CSRF header, an agent of the chat's website. */
export const agentUploadRoute = route({
  method: 'post',
  path: '/api/chats/:chatId/files',
  permission: 'chat.upload',
  input: { params: chatParams },
  unitOfWork: 'none',
  run: (ctx, { params }) => upload(ctx, params.chatId, { type: 'agent', userId: agentOf(ctx.caller).userId }),
  present,
  status,
});
