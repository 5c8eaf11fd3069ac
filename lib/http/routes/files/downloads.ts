import fs from 'node:fs';
import { withUnitOfWork } from '../../../domain/unitOfWork.js';
import { z } from 'zod';
import { openChatFile, type FileVariant } from '../../../domain/files/openChatFile.js';
import { readDownloadToken, type Downloader } from '../../../files/downloadToken.js';
import { AppError } from '../../../errors.js';
import { id } from '../../../domain/schemas.js';
import type { Actor } from '../../../domain/types.js';
import { params } from '../helpers.js';
import type { AppContext, AppDeps, AppRouter } from '../../types.js';
import type { FileServices } from './fileServices.js';

const messageParams = z.object({ messageId: id });

const refused = (message: string) => new AppError('download_refused', message, 403);

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266 / 8187):
 * old browsers get a plain name, others the real one, and no quote or newline can break the header.
 */
export function attachmentHeader(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

const actorOf = (downloader: Downloader, ip: string): Actor =>
  downloader.type === 'user' ? { type: 'user', id: downloader.id, ip } : { type: 'visitor', id: downloader.id, clientId: downloader.clientId, ip };

/**
 * The download itself: a GET a browser can follow, authenticated by the token in the URL. The token
 * must be genuine, unexpired, for this very message, and (when a dashboard session comes along)
 * issued to that same user. The file goes out as an attachment the browser may not sniff, audited.
 */
export function downloadRoutes(open: AppRouter, deps: AppDeps, files: FileServices) {
  const download = (variant: FileVariant) => async (ctx: AppContext) => {
    const { messageId } = params(ctx, messageParams);
    const reading = readDownloadToken(files.tokenSecret(), typeof ctx.query.token === 'string' ? ctx.query.token : null);
    if (!reading.ok) {
      throw refused(reading.reason === 'expired' ? 'This download link has expired: open the file again from the chat.' : 'This download link is not valid.');
    }
    const { claims } = reading;
    if (claims.messageId !== messageId) throw refused('This download link is for another file.');
    const session = ctx.state.auth;
    if (claims.downloader.type === 'user' && session && session.user.id !== claims.downloader.id) {
      throw refused('This download link was issued to someone else.');
    }
    const file = await withUnitOfWork({ sequelize: deps.db.sequelize, models: deps.db.models, bus: deps.bus }, actorOf(claims.downloader, ctx.ip), (dctx) =>
      openChatFile(dctx, claims.downloader, messageId, variant, files.storage),
    );
    const stat = await fs.promises.stat(file.absolutePath);
    ctx.set('Content-Type', file.mime);
    ctx.set('Content-Length', String(stat.size));
    ctx.set('Content-Disposition', attachmentHeader(variant === 'preview' ? `preview-${file.name}` : file.name));
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.body = fs.createReadStream(file.absolutePath);
  };

  open.get('/api/files/:messageId', download('file'));
  open.get('/api/files/:messageId/preview', download('preview'));
}
