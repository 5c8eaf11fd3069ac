import type { Redis } from 'ioredis';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { SharedCounter, WindowCount } from './redisWindowCounter.js';

/**
 * A token bucket: `burst` tokens, one back every `msPerToken`. A person typing short lines spends
 * the burst and then goes on at the steady rate; a flood is refused once the burst is spent.
 * Kept as "tokens used" (0 = full bucket), so that its answers read like a window counter's
 * ({consumed, msBeforeNext}) and localFirst decides on it the same way: consumed over `burst`
 * is a refusal, and msBeforeNext says when the next message will be granted (or, when one
 * would be granted now, how long the node's count holds before a token has come back).
 */
export interface TokenBucketOptions {
  burst: number;
  msPerToken: number;
}

/** Used tokens after `points` more at `now`, from what was used at `at`; a refusal costs at most one token's wait. */
function spend(used: number, at: number, now: number, points: number, { burst, msPerToken }: TokenBucketOptions): WindowCount {
  // Kept to a millionth of a token: a float's residue must not refuse a message that has waited.
  const left = Math.round(Math.max(0, used - (now - at) / msPerToken) * 1e6) / 1e6;
  const after = Math.max(0, Math.min(left + points, burst + 1));
  // The next point is granted once `after + 1 <= burst`.
  const wait = (after - (burst - 1)) * msPerToken;
  // Rounded to a microsecond first: a float's last digit must not add a millisecond.
  return { consumed: after, msBeforeNext: Math.ceil(Math.round((wait > 0 ? wait : msPerToken) * 1000) / 1000) };
}

/**
 * For each key: the bucket refilled to the server's time, the points added (a refund is -1), and
 * the answer as used milli-tokens and ms before the next grant (Lua's numbers reach Redis as
 * integers). The key expires once the bucket is full again.
 */
const SPEND_SCRIPT = `
local t = redis.call('time')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local burst = tonumber(ARGV[1])
local per = tonumber(ARGV[2])
local out = {}
for i, key in ipairs(KEYS) do
  local v = redis.call('hmget', key, 'u', 't')
  local used = tonumber(v[1]) or 0
  local at = tonumber(v[2]) or now
  -- Kept to a millionth of a token: a float's residue must not refuse a message that has waited.
  local left = math.floor(math.max(0, used - (now - at) / per) * 1000000 + 0.5) / 1000000
  local after = math.max(0, math.min(left + tonumber(ARGV[i + 2]), burst + 1))
  redis.call('hset', key, 'u', tostring(after), 't', now)
  redis.call('pexpire', key, math.ceil(after * per) + 1000)
  local wait = (after - (burst - 1)) * per
  if wait <= 0 then wait = per end
  out[2 * i - 1] = math.floor(after * 1000)
  out[2 * i] = math.ceil(wait)
end
return out`;

type WithScript = Redis & { livechatBucketSpend(numKeys: number, ...args: (string | number)[]): Promise<number[]> };

/** Token buckets in Redis, shared by every node, many keys to one script call (see redisWindowCounter). */
export function redisTokenBuckets(redis: Redis, keyPrefix: string, options: TokenBucketOptions): SharedCounter {
  const client = redis as WithScript;
  if (typeof client.livechatBucketSpend !== 'function') redis.defineCommand('livechatBucketSpend', { lua: SPEND_SCRIPT });
  return {
    async add(increments) {
      if (increments.length === 0) return [];
      const keys = increments.map(([key]) => `${keyPrefix}:${key}`);
      const flat = await client.livechatBucketSpend(keys.length, ...keys, options.burst, options.msPerToken, ...increments.map(([, points]) => points));
      return increments.map((_, i) => ({ consumed: Number(flat[2 * i]) / 1000, msBeforeNext: Number(flat[2 * i + 1]) }));
    },
  };
}

/**
 * The same buckets in this process's memory: one node without Redis, or a node deciding on its
 * own while Redis does not answer. consume() rejects with a RateLimiterRes as
 * rate-limiter-flexible's limiters do; a refused point is not spent.
 */
export function memoryTokenBuckets(options: TokenBucketOptions, now: () => number = Date.now) {
  const buckets = new Map<string, { used: number; at: number }>();
  const sweep = setInterval(() => {
    const t = now();
    for (const [key, b] of buckets) if (spend(b.used, b.at, t, 0, options).consumed === 0) buckets.delete(key);
  }, 60_000);
  sweep.unref();
  const add = (key: string, points: number) => {
    const t = now();
    const b = buckets.get(key) ?? { used: 0, at: t };
    const res = spend(b.used, b.at, t, points, options);
    // Refused: nothing spent, and the wait is counted from the bucket as it is.
    if (points > 0 && res.consumed > options.burst) return { refused: true, msBeforeNext: spend(b.used, b.at, t, 0, options).msBeforeNext };
    buckets.set(key, { used: res.consumed, at: t });
    return { refused: false, msBeforeNext: res.msBeforeNext };
  };
  return {
    consume(key: string): Promise<void> {
      const res = add(key, 1);
      return res.refused ? Promise.reject(new RateLimiterRes(0, res.msBeforeNext, options.burst + 1, false)) : Promise.resolve();
    },
    reward(key: string, points: number) {
      add(key, -points);
      return Promise.resolve();
    },
    close: () => clearInterval(sweep),
  };
}
