import { z } from 'zod';
import { parseInput } from '../validate.js';
import { withUnitOfWork, type UnitOfWorkDeps } from '../unitOfWork.js';
import type { Actor } from '../types.js';
import type { Sender } from '../chats/senders.js';
import type { MessageStores } from '../chats/messageStore.js';
import { decide, clientMsgId, type Draft } from '../chats/messageRules.js';
import { storeMessage } from '../chats/sendMessages.js';
import { storedFileName } from '../../files/fileName.js';
import { thumbnailPathOf, type ChatFileStorage } from '../../files/chatFileStorage.js';
import { inspectUpload, type UploadRules } from './inspectUpload.js';

const shareFileInput = z.object({
  chatId: z.coerce.number().int().positive(),
  clientMsgId: clientMsgId.optional(),
});

export interface ShareFileDeps extends UnitOfWorkDeps {
  messageStores: Pick<MessageStores, 'forTransaction'>;
  storage: ChatFileStorage;
  rules: UploadRules;
}

/**
 * A visitor or an agent shares a file in a chat: the file is checked (size, type from its bytes,
 * name, virus scan), written to private storage with its preview, and a 'file' message is stored
 * by the message pipeline (same rules as a text, chats/messageRules.ts), all in one unit of work.
 * The files on disk follow the transaction: if anything fails, the commit included, or the send
 * turns out to be a resend, they are removed, so a refused or failed upload leaves neither a row
 * nor a file. Everyone in the chat hears message.created and file.shared after commit. Idempotent
 * on clientMsgId like a text message: the sender's resend answers with the first message, even in
 * a chat closed since; another sender's clientMsgId is refused (client_msg_id_taken).
 */
export async function shareFile(deps: ShareFileDeps, actor: Actor, sender: Sender, raw: z.input<typeof shareFileInput>, upload: { bytes: Buffer; name: string }) {
  const input = parseInput(shareFileInput, raw);
  const draft: Draft = { sender, chatId: input.chatId, clientMsgId: input.clientMsgId ?? null, body: null };
  // The pipeline's rules first, on a plain read (wrong chat, not joined, closed, a resend), before
  // reading, scanning or resizing the upload; the unit of work below decides again under its lock.
  const store = deps.messageStores.forTransaction(undefined);
  const [early] = decide([draft], await store.read({ chatIds: [draft.chatId], sent: draft.clientMsgId ? [[draft.chatId, draft.clientMsgId]] : [], agentIds: sender.type === 'agent' ? [sender.userId] : [] }));
  if (early.kind === 'resend') return { message: early.message, senderName: null, duplicate: true };
  if (early.kind !== 'accept') throw early.kind === 'refuse' ? early.error : new Error('a send of its own is never a copy');

  const file = await inspectUpload(upload, deps.rules);
  const storedName = storedFileName(file.name);
  const written: string[] = [];
  let committed = false;
  try {
    const result = await withUnitOfWork(deps, actor, async (ctx) => {
      ctx.transaction?.afterCommit(() => {
        committed = true;
      });
      const stored = [{ name: storedName, bytes: file.bytes }, ...(file.thumbnail ? [{ name: `${storedName}.thumb`, bytes: file.thumbnail }] : [])];
      written.push(...(await deps.storage.write(input.chatId, stored)));
      const filePath = written[0];
      if (file.thumbnail && written[1] !== thumbnailPathOf(filePath)) throw new Error('thumbnail stored under an unexpected name');
      const { message, duplicate, senderName } = await storeMessage(ctx, { ...draft, file: { file_path: filePath, file_name: file.name, file_size: file.size, file_type: file.mime } });
      if (!duplicate) ctx.emit({ name: 'file.shared', clientId: early.chat.client_id, chatId: message.chat_id, message, preview: file.thumbnail !== null });
      return { message, senderName, duplicate };
    });
    // A resend that came in between the check and the lock: its first message has its own file.
    if (result.duplicate) await deps.storage.remove(written);
    return result;
  } catch (err) {
    // After a commit the message exists (only publishing failed): its file must stay.
    if (!committed) await deps.storage.remove(written);
    throw err;
  }
}
