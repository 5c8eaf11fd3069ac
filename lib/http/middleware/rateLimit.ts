import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../../errors.js';
import type { AppDeps, Middleware } from '../types.js';

/** A per-key limit: over it, a 429 that says when to try again (never a silent drop). */
export function rateLimit(limiter: RateLimiterAbstract, keyOf: (ctx: { ip: string; request: { body?: unknown } }) => string, what: string): Middleware {
  return async (ctx, next) => {
    try {
      await limiter.consume(keyOf(ctx));
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const seconds = Math.ceil(err.msBeforeNext / 1000);
      ctx.set('Retry-After', String(seconds));
      throw new AppError('rate_limited', `Too many ${what}: try again in ${seconds} second(s).`, 429);
    }
    await next();
  };
}

/**
 * A per-minute limit for one kind of request. With Redis configured it is counted there, so it
 * holds across every node (docs/scale-out.md); while Redis is unreachable, this node's own count
 * stands in rather than failing or holding up the request. Without Redis (one node) it is counted in memory.
 */
export function perMinute(deps: Pick<AppDeps, 'config' | 'redis'>, name: string, points: number): RateLimiterAbstract {
  const local = new RateLimiterMemory({ keyPrefix: name, points, duration: 60 });
  if (!deps.redis) return local;
  // While the connection is down, the local count answers at once instead of each request waiting
  // for ioredis to give up reconnecting (15 s a request, measured).
  return new RateLimiterRedis({ storeClient: deps.redis, keyPrefix: `${deps.config.redis.keyPrefix}rl:${name}`, points, duration: 60, insuranceLimiter: local, rejectIfRedisNotReady: true });
}
