import crypto from 'node:crypto';
import { AppError } from '../../errors.js';
import { route } from '../route.js';
import type { AppContext, AppDeps } from '../types.js';

const sameToken = (given: string, expected: string) => {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
};

/** Allowed: the configured token as a bearer, or a request straight from an allowed address (no proxy in between). */
function mayScrape(ctx: AppContext, deps: AppDeps): boolean {
  const { token, allowedAddresses } = deps.config.metrics;
  const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
  if (token && bearer && sameToken(bearer, token)) return true;
  const remote = (ctx.req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const relayed = Boolean(ctx.get('x-forwarded-for') || ctx.get('forwarded'));
  return !relayed && allowedAddresses.includes(remote);
}

/**
 * Prometheus metrics (text exposition format). Mounted before the session middleware, like the
 * health checks; refused (403) unless the token or the address is allowed (config metrics.*).
 */
const metricsRoute = route({
  method: 'get',
  path: '/metrics',
  permission: 'public',
  run: async (ctx) => {
    const { deps, http } = ctx.env;
    if (!mayScrape(http, deps)) throw new AppError('forbidden', 'Metrics are for the monitoring: give metrics.token as a bearer token, or scrape from an address in metrics.allowedAddresses.', 403);
    if (!deps.metrics) throw new AppError('metrics_off', 'Metrics are not collected by this process.', 503);
    http.type = deps.metrics.contentType;
    http.body = await deps.metrics.text();
  },
  present: () => undefined,
});

export const metricsRoutes = [metricsRoute];
