import { AppError } from '../../errors.js';
import { readDownloadToken, type Downloader } from '../../files/downloadToken.js';
import type { ChatFileStorage } from '../../files/chatFileStorage.js';
import type { Actor, DomainContext } from '../types.js';
import { openChatFile, type FileVariant } from './openChatFile.js';
import type { FileReadCheck } from './fileAccess.js';

const refused = (message: string) => new AppError('download_refused', message, 403);

const actorOf = (downloader: Downloader, ip: string | null | undefined): Actor =>
  downloader.type === 'user' ? { type: 'user', id: downloader.id, ip } : { type: 'visitor', id: downloader.id, clientId: downloader.clientId, ip };

interface DownloadRequest {
  messageId: number;
  variant: FileVariant;
  /** The token of the link (in the URL: a browser follows it without headers). */
  token: string | null;
  /** The dashboard user whose session came along, if any: a user's link works only for that user. */
  sessionUserId: number | null;
  ip: string | null | undefined;
  /** The time the link's expiry is judged at (epoch ms; the app's clock). */
  now: number;
}

/**
 * A download authenticated by its link's token: genuine, unexpired, for this very message, and
 * (when a dashboard session comes along) issued to that same user. The file is opened, and the
 * download audited, as the person the link was issued to.
 */
export async function openDownload(ctx: DomainContext, request: DownloadRequest, secret: string, storage: ChatFileStorage, mayRead: FileReadCheck) {
  const reading = readDownloadToken(secret, request.token, request.now);
  if (!reading.ok) {
    throw refused(reading.reason === 'expired' ? 'This download link has expired: open the file again from the chat.' : 'This download link is not valid.');
  }
  const { downloader, messageId } = reading.claims;
  if (messageId !== request.messageId) throw refused('This download link is for another file.');
  if (downloader.type === 'user' && request.sessionUserId !== null && request.sessionUserId !== downloader.id) {
    throw refused('This download link was issued to someone else.');
  }
  return openChatFile({ ...ctx, actor: actorOf(downloader, request.ip) }, downloader, messageId, request.variant, storage, mayRead);
}
