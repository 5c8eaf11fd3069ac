import { z } from 'zod';
import { createApiToken, createApiTokenInput } from '../../../domain/apiTokens/createApiToken.js';
import { listApiTokens } from '../../../domain/apiTokens/listApiTokens.js';
import { revokeApiToken } from '../../../domain/apiTokens/revokeApiToken.js';
import { presentApiToken } from '../../../presenters/apiTokens.js';
import { id } from '../../../domain/schemas.js';
import { agentOf } from '../../../identity/identity.js';
import { route } from '../../route.js';

/** The user's own API tokens (profile page): a token acts as its user, so each user manages only theirs. */
const listApiTokensRoute = route({
  method: 'get',
  path: '/api/profile/tokens',
  permission: 'signed.in',
  run: (ctx) => listApiTokens(ctx.domain.models, agentOf(ctx.caller).userId),
  present: (tokens) => ({ tokens: tokens.map(presentApiToken) }),
});

/** The secret is in this answer and nowhere else, ever. */
const createApiTokenRoute = route({
  method: 'post',
  path: '/api/profile/tokens',
  permission: 'signed.in',
  input: { body: createApiTokenInput },
  status: 201,
  run: (ctx, { body }) => createApiToken(ctx.domain, agentOf(ctx.caller).userId, body),
  present: ({ token, secret }) => ({ token: presentApiToken(token), secret }),
});

const revokeApiTokenRoute = route({
  method: 'delete',
  path: '/api/profile/tokens/:tokenId',
  permission: 'signed.in',
  input: { params: z.object({ tokenId: id }) },
  run: (ctx, { params }) => revokeApiToken(ctx.domain, agentOf(ctx.caller).userId, params.tokenId, new Date(ctx.env.deps.clock.now())),
  present: (token) => ({ token: presentApiToken(token) }),
});

export const apiTokenRoutes = [listApiTokensRoute, createApiTokenRoute, revokeApiTokenRoute];
