import type { DomainContext } from '../types.js';
import { notFound } from '../../errors.js';
import { recordAudit } from '../audit/recordAudit.js';
import type { Downloader } from '../../files/downloadToken.js';
import { thumbnailPathOf, type ChatFileStorage } from '../../files/chatFileStorage.js';
import { isImageMime } from '../../files/fileTypes.js';
import { storedFileOf, type FileReadCheck } from './fileAccess.js';

export type FileVariant = 'file' | 'preview';

/**
 * A download by the holder of a valid token: checks again that its person may still read the file
 * (an assignment revoked since the token was issued counts), finds it on disk ("File expired" if
 * gone) and writes the audit row. Returns what the route streams.
 */
export async function openChatFile(ctx: DomainContext, downloader: Downloader, messageId: number, variant: FileVariant, storage: ChatFileStorage, mayRead: FileReadCheck) {
  const message = await mayRead(downloader, messageId);
  const original = await storedFileOf(storage, message);
  let absolutePath = original;
  if (variant === 'preview') {
    if (!isImageMime(message.file_type)) throw notFound('preview');
    const preview = await storage.existing(thumbnailPathOf(message.file_path!));
    if (!preview) throw notFound('preview');
    absolutePath = preview;
  }
  const chat = await ctx.models.Chat.findByPk(message.chat_id, { attributes: ['client_id'], transaction: ctx.transaction });
  await recordAudit(ctx, {
    action: variant === 'file' ? 'file.downloaded' : 'file.previewed',
    targetType: 'message',
    targetId: message.id,
    details: { chatId: message.chat_id, clientId: chat?.client_id ?? null, name: message.file_name, size: message.file_size },
  });
  return { absolutePath, name: message.file_name ?? 'file', mime: message.file_type ?? 'application/octet-stream' };
}
