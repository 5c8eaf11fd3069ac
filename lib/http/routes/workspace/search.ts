import { visibleClientIds } from '../../../policies/index.js';
import { searchWorkspace } from '../../../domain/search/searchWorkspace.js';
import { currentUser } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';

/** GET /api/search?q=: visitors and messages of the user's websites, as the top bar shows them. */
export function searchRoutes(router: AppRouter, deps: AppDeps) {
  router.get('/api/search', async (ctx) => {
    const user = currentUser(ctx);
    ctx.body = await searchWorkspace(deps.db.models, await visibleClientIds(deps.db.models, user), ctx.query);
  });
}
