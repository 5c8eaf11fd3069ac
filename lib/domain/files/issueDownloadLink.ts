import { signDownloadToken, type Downloader } from '../../files/downloadToken.js';
import type { ChatFileStorage } from '../../files/chatFileStorage.js';
import { isImageMime } from '../../files/fileTypes.js';
import { storedFileOf, type FileReadCheck } from './fileAccess.js';

interface DownloadLinkOptions {
  secret: string;
  ttlSeconds: number;
  storage: ChatFileStorage;
  mayRead: FileReadCheck;
  /** The time the link's life counts from (epoch ms; the app's clock). */
  now: number;
}

/**
 * A download token for one file message, issued to the person asking when they may read it and the
 * file is still there. The token is worth nothing to anyone else, for any other file, after a few minutes.
 */
export async function issueDownloadLink(downloader: Downloader, messageId: number, options: DownloadLinkOptions) {
  const message = await options.mayRead(downloader, messageId);
  await storedFileOf(options.storage, message);
  const { token, expiresAt } = signDownloadToken(options.secret, { messageId: message.id, downloader }, options.ttlSeconds, options.now);
  return { messageId: message.id, token, expiresAt, preview: isImageMime(message.file_type) };
}
