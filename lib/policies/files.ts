import type { Models } from '../db/models/index.js';
import type { MessageRow } from '../db/models/message.js';
import type { Instance } from '../db/models/types.js';
import { AppError, notFound } from '../errors.js';
import type { Downloader } from '../files/downloadToken.js';
import { authorize, findVisibleMessage } from './index.js';

/**
 * A file message this person may read: for a visitor, one in their own chat (never an internal
 * one); for a user, one of a chat the policies let them see (agents of the website, so its
 * participants, managers, super admins). Anything else is "not found". The file routes hand it to
 * the domain's file operations (domain/files/fileAccess.ts FileReadCheck), which ask it when a
 * link is issued and again when it is followed.
 */
export async function readableFileMessage(models: Models, downloader: Downloader, messageId: number): Promise<Instance<MessageRow>> {
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
    // A message its sender deleted is gone for the visitor (agents keep it for the audit).
    if (!chat || chat.visitor_id !== downloader.id || message!.is_internal || message!.deleted_at) message = null;
  }
  if (!message || message.message_type !== 'file') throw notFound('file');
  return message;
}
