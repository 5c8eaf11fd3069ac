import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { Config } from '../config/schema.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Identity } from './connection.js';
import { localFirst, type LocalFirstLimiter, type LocalFirstOptions } from './localFirstLimiter.js';
import { redisWindowCounter, type SharedCounter } from './redisWindowCounter.js';
import { memoryTokenBuckets, redisTokenBuckets, type TokenBucketOptions } from './tokenBucket.js';

/** A tally older than this is checked with Redis again before it is trusted. */
const MAX_STALE_MS = 5_000;
/** A node's increments gather this long and then go to Redis in one call. */
const FLUSH_MS = 10;

/**
 * Per-sender limits for messages and per-visitor limits for widget requests. In memory on one
 * node; in Redis when configured, so the limit holds across nodes, and then decided on this node
 * from the last count Redis gave (see localFirst) so that a message does not wait for Redis.
 * A visitor's messages go through a token bucket (a burst, then a steady rate) so that someone
 * typing short lines is not stopped; the other limits count per minute.
 */
export function createRateLimits(config: Config, redis: Redis | null, logger: Logger) {
  /** What a limit is to this module: consume a point, give one back (reward or refund), close. */
  type Limiter = { consume(key: string): Promise<unknown> | void; reward(key: string, points: number): Promise<unknown> } | (LocalFirstLimiter & { close?(): void });
  const shared = (keyPrefix: string, points: number, counter: SharedCounter, local: LocalFirstOptions['local']): LocalFirstLimiter =>
    localFirst(counter, {
      points,
      maxStaleMs: MAX_STALE_MS,
      flushMs: FLUSH_MS,
      waitMs: config.redis.commandTimeoutMs,
      local,
      onState: (state, err) =>
        state === 'local'
          ? logger.error({ err: (err as Error)?.message, limit: keyPrefix }, 'Redis does not answer: this rate limit is decided on this node\'s own counts until it does')
          : logger.warn({ limit: keyPrefix }, 'Redis answers again: this rate limit is shared by every node again'),
      onError: (err) => logger.warn({ err, limit: keyPrefix }, 'a rate-limit count did not reach Redis'),
    });
  const perMinute = (keyPrefix: string, points: number): Limiter => {
    const local = new RateLimiterMemory({ keyPrefix, points, duration: 60 });
    return redis ? shared(keyPrefix, points, redisWindowCounter(redis, `${config.redis.keyPrefix}rl:${keyPrefix}`, 60), local) : local;
  };
  const bucket = (keyPrefix: string, options: TokenBucketOptions): Limiter => {
    const local = memoryTokenBuckets(options);
    if (!redis) return local;
    const limiter = shared(keyPrefix, options.burst, redisTokenBuckets(redis, `${config.redis.keyPrefix}rl:${keyPrefix}`, options), local);
    return { ...limiter, close: () => (limiter.close(), local.close()) };
  };
  const visitorMessages = bucket('vbucket', { burst: config.chat.visitorMessageBurst, msPerToken: 60_000 / config.chat.visitorMessagesPerMinute });
  const agentMessages = perMinute('amsg', config.chat.agentMessagesPerMinute);
  const widgetRequests = perMinute('wreq', config.chat.widgetRequestsPerMinute);

  const refusal = (err: unknown, what: string) => {
    if (!(err instanceof RateLimiterRes)) return err;
    const seconds = Math.ceil(err.msBeforeNext / 1000);
    return new AppError('rate_limited', `Too many ${what}: wait ${seconds} second(s) and try again.`, 429, { retryAfterMs: err.msBeforeNext });
  };
  /** Nothing when granted at once; a promise when the answer waits (Redis, or the in-memory limiter's API). */
  const consume = (limiter: { consume(key: string): Promise<unknown> | void }, key: string, what: string): Promise<void> | undefined => {
    const pending = limiter.consume(key);
    return pending
      ? pending.then(
          () => undefined,
          (err) => {
            throw refusal(err, what);
          },
        )
      : undefined;
  };
  return {
    message: (identity: Identity) =>
      identity.kind === 'visitor'
        ? consume(visitorMessages, String(identity.visitorId), 'messages')
        : consume(agentMessages, String(identity.userId), 'messages'),
    widgetRequest: (visitorId: number) => consume(widgetRequests, String(visitorId), 'requests from this visitor'),
    /**
     * Gives back what a frame took when it was not served (the database did not answer): the
     * client sends it again, and an outage must not use a sender's limit up with retries.
     */
    refund(identity: Identity, counted: { message: boolean; widget: boolean }) {
      const give = (limiter: Limiter, key: string) =>
        'refund' in limiter ? limiter.refund(key) : void limiter.reward(key, 1).catch(() => undefined);
      if (counted.message) give(identity.kind === 'visitor' ? visitorMessages : agentMessages, String(identity.kind === 'visitor' ? identity.visitorId : identity.userId));
      if (counted.widget && identity.kind === 'visitor') give(widgetRequests, String(identity.visitorId));
    },
    close() {
      for (const limiter of [visitorMessages, agentMessages, widgetRequests]) if ('close' in limiter) limiter.close();
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
