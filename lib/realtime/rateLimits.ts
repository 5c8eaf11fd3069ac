import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { Config } from '../config/schema.js';
import { AppError } from '../errors.js';
import type { Identity } from './connection.js';

/**
 * Per-sender limits for messages and per-visitor limits for widget requests. In memory on one
 * node; in Redis when configured, so the limit holds across nodes.
 */
export function createRateLimits(config: Config, redis: Redis | null) {
  const make = (keyPrefix: string, points: number): RateLimiterAbstract =>
    redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.redis.keyPrefix}rl:${keyPrefix}`, points, duration: 60 }) : new RateLimiterMemory({ keyPrefix, points, duration: 60 });
  const visitorMessages = make('vmsg', config.chat.visitorMessagesPerMinute);
  const agentMessages = make('amsg', config.chat.agentMessagesPerMinute);
  const widgetRequests = make('wreq', config.chat.widgetRequestsPerMinute);

  const consume = async (limiter: RateLimiterAbstract, key: string, what: string) => {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const seconds = Math.ceil(err.msBeforeNext / 1000);
      throw new AppError('rate_limited', `Too many ${what}: wait ${seconds} second(s) and try again.`, 429, { retryAfterMs: err.msBeforeNext });
    }
  };
  return {
    message: (identity: Identity) =>
      identity.kind === 'visitor'
        ? consume(visitorMessages, String(identity.visitorId), 'messages')
        : consume(agentMessages, String(identity.userId), 'messages'),
    widgetRequest: (visitorId: number) => consume(widgetRequests, String(visitorId), 'requests from this visitor'),
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
