import { z } from 'zod';
import { issueDownloadLink } from '../../../domain/files/issueDownloadLink.js';
import { id } from '../../../domain/schemas.js';
import type { Downloader } from '../../../files/downloadToken.js';
import { allow, params } from '../helpers.js';
import type { AppContext, AppDeps, AppRouter } from '../../types.js';
import { widgetCors } from '../widget/cors.js';
import { widgetVisitor } from './widgetVisitor.js';
import type { FileServices } from './fileServices.js';

const messageParams = z.object({ messageId: id });

/** The path that downloads a file (and its preview) with a token, as handed to the browser. */
export const downloadPath = (messageId: number, token: string, variant: 'file' | 'preview' = 'file') =>
  `/api/files/${messageId}${variant === 'preview' ? '/preview' : ''}?token=${encodeURIComponent(token)}`;

/**
 * A short-lived download link, for the chat's visitor (widget) or a user who may see the chat
 * (dashboard). POST, so that the dashboard's CSRF defence covers it; the answer holds the token and
 * the paths to fetch the file and, for pictures, its preview.
 */
export function downloadLinkRoutes(open: AppRouter, signedIn: AppRouter, deps: AppDeps, files: FileServices) {
  const issue = async (ctx: AppContext, downloader: Downloader) => {
    const { messageId } = params(ctx, messageParams);
    const link = await issueDownloadLink(deps.db.models, downloader, messageId, {
      secret: files.tokenSecret(),
      ttlSeconds: deps.config.files.downloadTokenSeconds,
      storage: files.storage,
    });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      token: link.token,
      expiresAt: link.expiresAt.toISOString(),
      url: downloadPath(link.messageId, link.token),
      previewUrl: link.preview ? downloadPath(link.messageId, link.token, 'preview') : null,
    };
  };

  open.options('/api/widget/files/:messageId/link', widgetCors);
  open.post('/api/widget/files/:messageId/link', widgetCors, async (ctx) => {
    const visitor = await widgetVisitor(ctx, deps);
    await issue(ctx, { type: 'visitor', id: visitor.visitorId, clientId: visitor.clientId });
  });

  signedIn.post('/api/files/:messageId/link', async (ctx) => {
    const user = allow(ctx, 'chats:read');
    await issue(ctx, { type: 'user', id: user.id });
  });
}
