import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../../errors.js';
import type { Middleware } from '../types.js';

/** A per-key limit: over it, a 429 that says when to try again (never a silent drop). */
export function rateLimit(limiter: RateLimiterAbstract, keyOf: (ctx: { ip: string }) => string, what: string): Middleware {
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

export const perMinute = (points: number) => new RateLimiterMemory({ points, duration: 60 });
