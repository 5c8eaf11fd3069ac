import { websitesPromisingEmail } from '../../../domain/clients/websitesPromisingEmail.js';
import type { SetupStatusDTO } from '../../../protocol/http.js';
import { route } from '../../route.js';

/** What is not set up yet (mail), for the dashboard's admin banner; admins only, as they are the ones who can fix it. */
export const setupStatusRoute = route({
  method: 'get',
  path: '/api/setup-status',
  permission: 'clients.manage',
  run: async (ctx) => ({
    mailConfigured: Boolean(ctx.env.deps.config.smtp.url),
    websitesPromisingEmail: await websitesPromisingEmail(ctx.domain.models),
  }),
  present: (status): SetupStatusDTO => status,
});

export const setupStatusRoutes = [setupStatusRoute];
