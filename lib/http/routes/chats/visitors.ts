import { z } from 'zod';
import { findVisibleVisitor } from '../../../policies/index.js';
import { presentVisitor } from '../../../presenters/index.js';
import { id } from '../../../domain/schemas.js';
import { currentUser, params } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

/** A visitor's profile, for the clients the user works on. */
export function visitorRoutes(router: AppRouter, deps: AppDeps) {
  router.get('/api/visitors/:id', async (ctx) => {
    const { id: visitorId } = params(ctx, z.object({ id }));
    ctx.body = { visitor: presentVisitor(await findVisibleVisitor(deps.db.models, currentUser(ctx), visitorId)) };
  });
}
