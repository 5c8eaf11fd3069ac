import { z } from 'zod';
import { issueDownloadLink } from '../../../domain/files/issueDownloadLink.js';
import { readableFileMessage } from '../../../policies/files.js';
import { id } from '../../../domain/schemas.js';
import type { Downloader } from '../../../files/downloadToken.js';
import { agentOf, visitorOf } from '../../../identity/identity.js';
import type { RunContext } from '../../../runner/entry.js';
import { route, type HttpEnv } from '../../route.js';
import { fileServicesOf } from './fileServices.js';

const messageParams = z.object({ messageId: id });

/** The path that downloads a file (and its preview) with a token, as handed to the browser. */
const downloadPath = (messageId: number, token: string, variant: 'file' | 'preview' = 'file') =>
  `/api/files/${messageId}${variant === 'preview' ? '/preview' : ''}?token=${encodeURIComponent(token)}`;

function issue(ctx: RunContext<HttpEnv, unknown>, downloader: Downloader, messageId: number) {
  const files = fileServicesOf(ctx.env.deps);
  return issueDownloadLink(downloader, messageId, {
    mayRead: (who, id) => readableFileMessage(ctx.domain.models, who, id),
    now: ctx.env.deps.clock.now(),
    secret: files.tokenSecret(),
    ttlSeconds: ctx.env.deps.config.files.downloadTokenSeconds,
    storage: files.storage,
  });
}

function present(link: Awaited<ReturnType<typeof issue>>, ctx: RunContext<HttpEnv, unknown>) {
  ctx.env.http.set('Cache-Control', 'no-store');
  return {
    token: link.token,
    expiresAt: link.expiresAt.toISOString(),
    url: downloadPath(link.messageId, link.token),
    previewUrl: link.preview ? downloadPath(link.messageId, link.token, 'preview') : null,
  };
}

/**
 * A short-lived download link, for the chat's visitor (widget) or a user who may see the chat
 * (dashboard); issueDownloadLink decides whether this downloader may have that file. POST, so that
 * the dashboard's CSRF defence covers it; the answer holds the token and the paths to fetch the
 * file and, for pictures, its preview.
 */
export const widgetDownloadLinkRoute = route({
  method: 'post',
  path: '/api/widget/files/:messageId/link',
  cors: 'widget',
  permission: 'visitor',
  input: { params: messageParams },
  unitOfWork: 'none',
  run: (ctx, { params }) => {
    const visitor = visitorOf(ctx.caller);
    return issue(ctx, { type: 'visitor', id: visitor.visitorId, clientId: visitor.clientId }, params.messageId);
  },
  present,
});

export const agentDownloadLinkRoute = route({
  method: 'post',
  path: '/api/files/:messageId/link',
  permission: 'chat.read',
  input: { params: messageParams },
  unitOfWork: 'none',
  run: (ctx, { params }) => issue(ctx, { type: 'user', id: agentOf(ctx.caller).userId }, params.messageId),
  present,
});
