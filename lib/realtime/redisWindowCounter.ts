import type { Redis } from 'ioredis';

/** A key's points in its current window, as the shared store answered. */
export interface WindowCount {
  consumed: number;
  msBeforeNext: number;
}

/** Counters every node shares: each key counts points over a fixed window from its first point. */
export interface SharedCounter {
  /** Adds points to each key, all in one round trip; the answers come in the same order. */
  add(increments: [key: string, points: number][]): Promise<WindowCount[]>;
}

/**
 * For every key: start a window of ARGV[1] seconds if there is none, add its points (ARGV[i + 1]),
 * and return its count and the milliseconds left of its window. The same counting, per key, as
 * rate-limiter-flexible's RateLimiterRedis, on the same key names (keyPrefix:key), so counts carry
 * over an upgrade; what it adds is many keys to one script call.
 */
const ADD_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  redis.call('set', key, 0, 'EX', ARGV[1], 'NX')
  out[2 * i - 1] = redis.call('incrby', key, ARGV[i + 1])
  local ttl = redis.call('pttl', key)
  if ttl == -1 then
    redis.call('expire', key, ARGV[1])
    ttl = 1000 * ARGV[1]
  end
  out[2 * i] = ttl
end
return out`;

type WithScript = Redis & { livechatWindowAdd(numKeys: number, ...args: (string | number)[]): Promise<number[]> };

/**
 * Fixed-window counters in Redis that take a node's increments for many keys in one script call
 * (EVALSHA, loaded once per connection). A rate limit that counted one key per call sent ten
 * commands for every ten messages; this sends one. Keys of one call may live on one Redis only (no
 * Redis Cluster), as everything of livechat's in Redis does.
 */
export function redisWindowCounter(redis: Redis, keyPrefix: string, durationSeconds: number): SharedCounter {
  const client = redis as WithScript;
  if (typeof client.livechatWindowAdd !== 'function') redis.defineCommand('livechatWindowAdd', { lua: ADD_SCRIPT });
  return {
    async add(increments) {
      if (increments.length === 0) return [];
      const keys = increments.map(([key]) => `${keyPrefix}:${key}`);
      const flat = await client.livechatWindowAdd(keys.length, ...keys, durationSeconds, ...increments.map(([, points]) => points));
      return increments.map((_, i) => ({ consumed: Number(flat[2 * i]), msBeforeNext: Math.max(0, Number(flat[2 * i + 1])) }));
    },
  };
}
