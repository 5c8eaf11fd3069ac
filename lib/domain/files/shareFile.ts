import { z } from 'zod';
import { UniqueConstraintError } from 'sequelize';
import { parseInput } from '../validate.js';
import { withUnitOfWork, type UnitOfWorkDeps } from '../unitOfWork.js';
import type { Actor } from '../types.js';
import type { Sender } from '../chats/senders.js';
import { appendMessage } from '../chats/appendMessage.js';
import { findSentMessage } from '../chats/sendMessage.js';
import { storedFileName } from '../../files/fileName.js';
import { thumbnailPathOf, type ChatFileStorage } from '../../files/chatFileStorage.js';
import { inspectUpload, type UploadRules } from './inspectUpload.js';
import { chatForSender } from './chatForSender.js';

export const shareFileInput = z.object({
  chatId: z.coerce.number().int().positive(),
  clientMsgId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'may hold letters, digits and _ . : - only')
    .optional(),
});

export interface ShareFileDeps extends UnitOfWorkDeps {
  storage: ChatFileStorage;
  rules: UploadRules;
}

/**
 * A visitor or an agent shares a file in a chat: the file is checked (size, type from its bytes,
 * name, virus scan), written to private storage with its preview, and a 'file' message is appended
 * with the chat's next seq, all in one unit of work. The files on disk follow the transaction: if
 * anything fails, the commit included, they are removed, so a refused or failed upload leaves
 * neither a row nor a file. Everyone in the chat hears message.created and file.shared after commit.
 * Idempotent on clientMsgId like a text message: the sender's resend answers with the first message;
 * another sender's clientMsgId is refused (client_msg_id_taken).
 */
export async function shareFile(deps: ShareFileDeps, actor: Actor, sender: Sender, raw: z.input<typeof shareFileInput>, upload: { bytes: Buffer; name: string }) {
  const input = parseInput(shareFileInput, raw);
  // Cheap refusals first (wrong chat, not joined, closed) before reading, scanning or resizing.
  await chatForSender(deps.models, sender, input.chatId);
  if (input.clientMsgId) {
    const sent = await findSentMessage(deps.models, input.chatId, input.clientMsgId, sender);
    if (sent) return sent;
  }
  const file = await inspectUpload(upload, deps.rules);
  const storedName = storedFileName(file.name);
  const written: string[] = [];
  let committed = false;
  try {
    return await withUnitOfWork(deps, actor, async (ctx) => {
      ctx.transaction?.afterCommit(() => {
        committed = true;
      });
      const { chat, senderName } = await chatForSender(ctx.models, sender, input.chatId, ctx.transaction);
      const stored = [{ name: storedName, bytes: file.bytes }, ...(file.thumbnail ? [{ name: `${storedName}.thumb`, bytes: file.thumbnail }] : [])];
      written.push(...(await deps.storage.write(chat.id, stored)));
      const filePath = written[0];
      if (file.thumbnail && written[1] !== thumbnailPathOf(filePath)) throw new Error('thumbnail stored under an unexpected name');
      const { message, dto } = await appendMessage(ctx, {
        chatId: chat.id,
        clientId: chat.client_id,
        senderType: sender.type,
        senderId: sender.type === 'agent' ? sender.userId : sender.visitorId,
        senderName,
        type: 'file',
        body: null,
        clientMsgId: input.clientMsgId ?? null,
        file: { file_path: filePath, file_name: file.name, file_size: file.size, file_type: file.mime },
      });
      if (sender.type === 'agent' && !chat.first_response_at) {
        await ctx.models.Chat.update({ first_response_at: new Date() }, { where: { id: chat.id }, transaction: ctx.transaction });
      }
      ctx.emit({
        name: 'file.shared',
        clientId: chat.client_id,
        chatId: chat.id,
        messageId: message.id,
        seq: message.seq,
        senderType: sender.type,
        file: dto.file!,
        preview: file.thumbnail !== null,
      });
      return { message, dto, duplicate: false };
    });
  } catch (err) {
    // After a commit the message exists (only publishing failed): its file must stay.
    if (!committed) await deps.storage.remove(written);
    if (err instanceof UniqueConstraintError && input.clientMsgId) {
      const sent = await findSentMessage(deps.models, input.chatId, input.clientMsgId, sender);
      if (sent) return sent;
    }
    throw err;
  }
}
