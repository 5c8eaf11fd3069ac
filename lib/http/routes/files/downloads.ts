import fs from 'node:fs';
import { z } from 'zod';
import { openDownload } from '../../../domain/files/openDownload.js';
import { readableFileMessage } from '../../../policies/files.js';
import type { FileVariant } from '../../../domain/files/openChatFile.js';
import { id } from '../../../domain/schemas.js';
import { route } from '../../route.js';
import { fileServicesOf } from './fileServices.js';

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266 / 8187):
 * old browsers get a plain name, others the real one, and no quote or newline can break the header.
 */
export function attachmentHeader(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The download itself: a GET a browser can follow. Public to the runner because its credential is
 * the link's token, checked by openDownload. The file goes out as an attachment the browser may
 * not sniff, never cached, in a sandbox.
 */
const download = (variant: FileVariant, path: string) =>
  route({
    method: 'get',
    path,
    permission: 'public',
    input: { params: z.object({ messageId: id }), query: z.looseObject({ token: z.unknown().optional() }) },
    // The audit row is written with the download.
    unitOfWork: 'transaction',
    run: async (ctx, { params, query }) => {
      const request = {
        messageId: params.messageId,
        variant,
        token: typeof query.token === 'string' ? query.token : null,
        sessionUserId: ctx.caller.account?.user.id ?? null,
        ip: ctx.caller.ip,
        now: ctx.env.deps.clock.now(),
      };
      const files = fileServicesOf(ctx.env.deps);
      const file = await openDownload(ctx.domain, request, files.tokenSecret(), files.storage, (who, id) => readableFileMessage(ctx.domain.models, who, id));
      return { ...file, size: (await fs.promises.stat(file.absolutePath)).size };
    },
    present: (file, ctx) => {
      const { http } = ctx.env;
      http.set('Content-Type', file.mime);
      http.set('Content-Length', String(file.size));
      http.set('Content-Disposition', attachmentHeader(variant === 'preview' ? `preview-${file.name}` : file.name));
      http.set('X-Content-Type-Options', 'nosniff');
      http.set('Cache-Control', 'private, no-store');
      http.set('Content-Security-Policy', "default-src 'none'; sandbox");
      http.set('Referrer-Policy', 'no-referrer');
      return fs.createReadStream(file.absolutePath);
    },
  });

export const downloadRoutes = [download('file', '/api/files/:messageId'), download('preview', '/api/files/:messageId/preview')];
