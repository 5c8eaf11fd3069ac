import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { findVisibleMessage } from '../../../policies/index.js';
import { recordAudit } from '../../../domain/audit/recordAudit.js';
import { dataPaths } from '../../../paths.js';
import { AppError, notFound } from '../../../errors.js';
import { id } from '../../../domain/schemas.js';
import { actorOf, currentUser, params } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

/**
 * A chat file for an agent who may see its chat: always as an attachment, never sniffed by the
 * browser, and audited. The stored path must stay inside the private storage folder.
 */
export function fileRoutes(router: AppRouter, deps: AppDeps) {
  const storage = path.resolve(dataPaths(deps.config.dataDir).storage);

  router.get('/api/messages/:id/file', async (ctx) => {
    const { id: messageId } = params(ctx, z.object({ id }));
    const message = await findVisibleMessage(deps.db.models, currentUser(ctx), messageId);
    if (message.message_type !== 'file' || !message.file_path) throw notFound('file');
    if (message.file_deleted_at) throw new AppError('file_expired', 'This file has expired and was deleted.', 410);
    const file = path.resolve(storage, message.file_path);
    if (!file.startsWith(storage + path.sep) || !fs.existsSync(file)) throw notFound('file');
    await recordAudit({ models: deps.db.models, actor: actorOf(ctx) }, { action: 'file.downloaded', targetType: 'message', targetId: message.id });
    ctx.set('Content-Type', 'application/octet-stream');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.attachment(message.file_name ?? path.basename(file));
    ctx.body = fs.createReadStream(file);
  });
}
