import fs from 'node:fs';
import { z } from 'zod';
import { updateProfile } from '../../../domain/profile/updateProfile.js';
import { changeOwnPassword } from '../../../domain/profile/changeOwnPassword.js';
import { setAvatar } from '../../../domain/profile/setAvatar.js';
import { visibleClientIds } from '../../../policies/index.js';
import { presentOwnProfile } from '../../../presenters/index.js';
import { dataPaths } from '../../../paths.js';
import { findAvatar } from '../../../domain/profile/findAvatar.js';
import { avatarUpload } from './avatarUpload.js';
import { id } from '../../../domain/schemas.js';
import { body, currentUser, inTransaction, params } from '../helpers.js';
import type { AppContext, AppDeps, AppRouter } from '../../types.js';

/** Every user's own profile: names shown in chats, preferences, password, avatar. */
export function profileRoutes(router: AppRouter, deps: AppDeps, publicRouter: AppRouter) {
  const { db, config } = deps;
  const avatarsDir = dataPaths(config.dataDir).avatars;
  const readAvatar = avatarUpload(config.files.avatarMaxBytes);
  const present = async (ctx: AppContext) => {
    const user = currentUser(ctx);
    await user.reload();
    return { profile: presentOwnProfile(user, await visibleClientIds(db.models, user)) };
  };

  router.get('/api/profile', async (ctx) => {
    ctx.body = await present(ctx);
  });

  router.patch('/api/profile', async (ctx) => {
    await inTransaction(deps, ctx, (dctx) => updateProfile(dctx, currentUser(ctx).id, body(ctx) as never));
    ctx.body = await present(ctx);
  });

  router.put('/api/profile/password', async (ctx) => {
    const session = ctx.state.auth!.session;
    await inTransaction(deps, ctx, (dctx) => changeOwnPassword(dctx, currentUser(ctx).id, session.id, body(ctx)));
    ctx.status = 204;
  });

  router.post('/api/profile/avatar', async (ctx, next) => {
    const bytes = await readAvatar(ctx);
    await inTransaction(deps, ctx, (dctx) => setAvatar(dctx, { userId: currentUser(ctx).id, bytes, maxBytes: config.files.avatarMaxBytes, avatarsDir }));
    ctx.body = await present(ctx);
    await next();
  });

  /** Avatars are shown to visitors too (beside agent messages), so reading one needs no session. */
  publicRouter.get('/api/avatars/:id', async (ctx) => {
    const { id: userId } = params(ctx, z.object({ id }));
    const { file, mime } = await findAvatar(db.models, avatarsDir, userId);
    ctx.set('Content-Type', mime);
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
    ctx.body = fs.createReadStream(file);
  });
}
