import type { Models } from '../../db/models/index.js';
import type { MessageRow } from '../../db/models/message.js';
import type { Instance } from '../../db/models/types.js';
import { AppError, notFound } from '../../errors.js';
import { authorize, findVisibleMessage } from '../../policies/index.js';
import type { Downloader } from '../../files/downloadToken.js';
import type { ChatFileStorage } from '../../files/chatFileStorage.js';

export const fileExpired = () => new AppError('file_expired', 'File expired', 410);

/**
 * A file message this person may read: for a visitor, one in their own chat (never an internal
 * one); for a user, one of a chat the policies let them see (agents of the website, so its
 * participants, managers, super admins). Anything else is "not found".
 */
export async function findFileMessageFor(models: Models, downloader: Downloader, messageId: number): Promise<Instance<MessageRow>> {
  let message: Instance<MessageRow> | null;
  if (downloader.type === 'user') {
    const user = await models.User.findByPk(downloader.id);
    if (!user) throw notFound('file');
    authorize(user, 'chats:read');
    message = await findVisibleMessage(models, user, messageId).catch((err) => {
      if (err instanceof AppError && err.status === 404) return null;
      throw err;
    });
  } else {
    message = await models.Message.findByPk(messageId);
    const chat = message ? await models.Chat.findByPk(message.chat_id, { attributes: ['visitor_id'] }) : null;
    if (!chat || chat.visitor_id !== downloader.id || message!.is_internal) message = null;
  }
  if (!message || message.message_type !== 'file') throw notFound('file');
  return message;
}

/** The file on disk, or "File expired" when the expiry job removed it (or it has gone missing). */
export async function storedFileOf(storage: ChatFileStorage, message: Pick<MessageRow, 'file_path' | 'file_deleted_at'>): Promise<string> {
  if (message.file_deleted_at || !message.file_path) throw fileExpired();
  const absolute = await storage.existing(message.file_path);
  if (!absolute) throw fileExpired();
  return absolute;
}
