import { z } from 'zod';
import { visibleClientIds } from '../../../policies/index.js';
import { searchWorkspace } from '../../../domain/search/searchWorkspace.js';
import { subjectOf } from '../../../identity/identity.js';
import { route } from '../../route.js';

/** GET /api/search?q=: visitors and messages of the user's websites, as the top bar shows them (searchWorkspace validates q). */
const searchRoute = route({
  method: 'get',
  path: '/api/search',
  permission: 'signed.in',
  input: { query: z.unknown() },
  run: async (ctx, { query }) => searchWorkspace(ctx.domain.models, await visibleClientIds(ctx.domain.models, subjectOf(ctx.caller)!), query),
  present: (found) => found,
});

export const searchRoutes = [searchRoute];
