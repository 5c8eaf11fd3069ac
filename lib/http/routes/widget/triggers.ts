import { z } from 'zod';
import { checkTriggers, checkTriggersInput } from '../../../domain/triggers/checkTriggers.js';
import { acceptTrigger } from '../../../domain/triggers/acceptTrigger.js';
import { visitorOf } from '../../../identity/identity.js';
import { id } from '../../../domain/schemas.js';
import { perMinute, rateLimit } from '../../middleware/rateLimit.js';
import { beaconBody } from '../../middleware/beaconBody.js';
import type { AppDeps, Middleware } from '../../types.js';
import { route } from '../../route.js';

const token = z.string().max(512);
const limits = new WeakMap<AppDeps, Middleware[]>();
const limited = (deps: AppDeps) => {
  let limit = limits.get(deps);
  if (!limit) limits.set(deps, (limit = [rateLimit(perMinute(deps, 'wtrigger', deps.config.chat.widgetRequestsPerMinute), (ctx) => ctx.ip, 'widget requests from this address'), beaconBody]));
  return limit;
};

/**
 * The loader asks, at the seconds on the page the session (or page view) named, whether a
 * proactive greeting is due; it shows the one it gets as a toast or opens the chat. Both calls come
 * as text/plain JSON, as the page reports do (no CORS preflight).
 */
const checkTriggersRoute = route({
  method: 'post',
  path: '/api/widget/triggers/check',
  cors: 'widget',
  permission: 'visitor',
  before: limited,
  input: { body: checkTriggersInput.extend({ token }) },
  run: (ctx, { body }) => checkTriggers(ctx.domain, visitorOf(ctx.caller).visitorId, body),
  present: (fire) => fire ?? {},
});

/** The visitor opened the chat after a greeting. */
const acceptTriggerRoute = route({
  method: 'post',
  path: '/api/widget/triggers/accept',
  cors: 'widget',
  permission: 'visitor',
  before: limited,
  input: { body: z.object({ token, showId: id }) },
  run: (ctx, { body }) => acceptTrigger(ctx.domain, visitorOf(ctx.caller).visitorId, body.showId),
  present: () => ({ ok: true }),
});

export const widgetTriggerRoutes = [checkTriggersRoute, acceptTriggerRoute];
