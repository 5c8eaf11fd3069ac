import fs from 'node:fs';
import { z } from 'zod';
import { updateProfile, updateProfileInput } from '../../../domain/profile/updateProfile.js';
import { changeOwnPassword } from '../../../domain/profile/changeOwnPassword.js';
import { findAvatar } from '../../../domain/profile/findAvatar.js';
import { visibleClientIds } from '../../../policies/index.js';
import { presentOwnProfile } from '../../../presenters/index.js';
import type { DomainContext } from '../../../domain/types.js';
import { dataPaths } from '../../../paths.js';
import { id } from '../../../domain/schemas.js';
import { agentOf, type Caller } from '../../../identity/identity.js';
import { route } from '../../route.js';
import { receiveAvatar } from './avatarUpload.js';

/** The caller's own row with the websites they work on; `changed`: read again after this request changed it. */
async function ownProfile(domain: Pick<DomainContext, 'models' | 'transaction'>, caller: Caller, changed = true) {
  const user = caller.account!.user;
  if (changed) await user.reload({ transaction: domain.transaction });
  return { user, clientIds: await visibleClientIds(domain.models, user) };
}
const present = ({ user, clientIds }: Awaited<ReturnType<typeof ownProfile>>) => ({ profile: presentOwnProfile(user, clientIds) });

/** Every user's own profile: names shown in chats, preferences, password, avatar. */
const getProfileRoute = route({
  method: 'get',
  path: '/api/profile',
  permission: 'signed.in',
  // The session has just read the row: nothing changed it since.
  run: (ctx) => ownProfile(ctx.domain, ctx.caller, false),
  present,
});

const updateProfileRoute = route({
  method: 'patch',
  path: '/api/profile',
  permission: 'signed.in',
  input: { body: updateProfileInput },
  run: async (ctx, { body }) => {
    await updateProfile(ctx.domain, agentOf(ctx.caller).userId, body);
    return ownProfile(ctx.domain, ctx.caller);
  },
  present,
});

/** Keeps this session and ends the others. */
const changeOwnPasswordRoute = route({
  method: 'put',
  path: '/api/profile/password',
  permission: 'own.account',
  input: { body: z.unknown() },
  status: 204,
  run: async (ctx, { body }) => {
    await changeOwnPassword(ctx.domain, agentOf(ctx.caller).userId, ctx.caller.account!.session!.id, body);
  },
  present: () => null,
});

const setOwnAvatarRoute = route({
  method: 'post',
  path: '/api/profile/avatar',
  permission: 'signed.in',
  // The image is read outside the transaction (receiveAvatar opens the unit of work).
  unitOfWork: 'none',
  run: async (ctx) => {
    await receiveAvatar(ctx, agentOf(ctx.caller).userId);
    return ownProfile(ctx.domain, ctx.caller);
  },
  present,
});

/** Avatars are shown to visitors too (beside agent messages), so reading one needs no session. */
const avatarRoute = route({
  method: 'get',
  path: '/api/avatars/:userId',
  permission: 'public',
  input: { params: z.object({ userId: id }) },
  run: (ctx, { params }) => findAvatar(ctx.domain.models, dataPaths(ctx.env.deps.config.dataDir).avatars, params.userId),
  present: ({ file, mime }, ctx) => {
    const { http } = ctx.env;
    http.set('Content-Type', mime);
    http.set('Cache-Control', 'public, max-age=86400');
    http.set('Cross-Origin-Resource-Policy', 'cross-origin');
    return fs.createReadStream(file);
  },
});

export const profileRoutes = [getProfileRoute, updateProfileRoute, changeOwnPasswordRoute, setOwnAvatarRoute];
export const avatarRoutes = [avatarRoute];
