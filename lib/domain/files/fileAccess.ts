import type { MessageRow } from '../../db/models/message.js';
import type { Instance } from '../../db/models/types.js';
import { AppError } from '../../errors.js';
import type { Downloader } from '../../files/downloadToken.js';
import type { ChatFileStorage } from '../../files/chatFileStorage.js';

export const fileExpired = () => new AppError('file_expired', 'File expired', 410);

/**
 * Finds a file message this downloader may read, or throws "not found": the policy
 * (lib/policies/files.ts), handed in by the route, since the domain decides no one's rights.
 */
export type FileReadCheck = (downloader: Downloader, messageId: number) => Promise<Instance<MessageRow>>;

/** The file on disk, or "File expired" when the expiry job removed it (or it has gone missing). */
export async function storedFileOf(storage: ChatFileStorage, message: Pick<MessageRow, 'file_path' | 'file_deleted_at'>): Promise<string> {
  if (message.file_deleted_at || !message.file_path) throw fileExpired();
  const absolute = await storage.existing(message.file_path);
  if (!absolute) throw fileExpired();
  return absolute;
}
