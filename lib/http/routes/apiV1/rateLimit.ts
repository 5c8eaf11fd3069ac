import crypto from 'node:crypto';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../../../errors.js';
import { perMinute } from '../../middleware/rateLimit.js';
import type { AppDeps, Middleware } from '../../types.js';

/** One limiter per app for every /api/v1 route: a token's requests count together, whatever the route. */
const limiters = new WeakMap<AppDeps, RateLimiterAbstract>();

/**
 * The per-token limit of /api/v1 (api.requestsPerMinute): keyed by the token's hash (the secret
 * never reaches Redis), or by the address for a dashboard session calling it. Over it: 429 with
 * Retry-After and the limit in the headers.
 */
export function apiRateLimit(deps: AppDeps): Middleware[] {
  let limiter = limiters.get(deps);
  if (!limiter) limiters.set(deps, (limiter = perMinute(deps, 'api-v1', deps.config.api.requestsPerMinute)));
  const points = deps.config.api.requestsPerMinute;
  return [
    async (ctx, next) => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
      const key = bearer ? `t:${crypto.createHash('sha256').update(bearer).digest('hex')}` : `ip:${ctx.ip}`;
      ctx.set('X-RateLimit-Limit', String(points));
      try {
        const res = await limiter.consume(key);
        ctx.set('X-RateLimit-Remaining', String(res.remainingPoints));
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        const seconds = Math.ceil(err.msBeforeNext / 1000);
        ctx.set('Retry-After', String(seconds));
        ctx.set('X-RateLimit-Remaining', '0');
        throw new AppError('rate_limited', `Too many API requests: try again in ${seconds} second(s).`, 429);
      }
      await next();
    },
  ];
}
