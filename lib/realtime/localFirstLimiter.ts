import { RateLimiterRes } from 'rate-limiter-flexible';
import type { SharedCounter, WindowCount } from './redisWindowCounter.js';

interface Tally {
  /** Points the shared store reported for this key at its last answer (every node's). */
  consumed: number;
  /** Points this node has granted since, whose answer is still to come. */
  inFlight: number;
  /** Of those, the points not yet sent to Redis (they leave together every flushMs). */
  unsent: number;
  resetAt: number;
  heardAt: number;
}

export interface LocalFirstOptions {
  points: number;
  /** How old the last answer may be before a consume waits for the store again. */
  maxStaleMs: number;
  /** How long this node's increments gather before they go to Redis in one call. */
  flushMs: number;
  onError: (err: unknown) => void;
}

export interface LocalFirstLimiter {
  /**
   * Nothing when the point is granted here and now (decided on this node: no promise to allocate
   * on the hot path); otherwise a promise that resolves when Redis grants it, or rejects with a
   * RateLimiterRes when over the limit.
   */
  consume(key: string): Promise<void> | void;
  /** Sends what is still unsent and stops the timers. */
  close(): void;
}

/**
 * A cluster-wide limit that does not make every request wait for Redis. The first request of a key
 * (and any after a quiet spell of maxStaleMs) waits for the shared counter, as before. After that
 * this node decides on its own from the last count Redis told it plus what it has granted since, and
 * sends its increments to Redis without waiting, gathered every flushMs into one script call for
 * all its keys; each answer brings the count of every node back.
 *
 * What it costs: a node grants what it thinks is left until Redis's next answer arrives, so a
 * burst that lands on several nodes within one round trip can pass the limit by what each node
 * thought was left (at worst the limit once more per node) before Redis's answer (flushMs plus a
 * round trip) arrives. Every grant is counted in Redis all the same, and once the answers are in,
 * every node refuses.
 */
export function localFirst(shared: SharedCounter, options: LocalFirstOptions): LocalFirstLimiter {
  const tallies = new Map<string, Tally>();

  const heard = (key: string, res: WindowCount, answered: number) => {
    const now = Date.now();
    const tally = tallies.get(key);
    const resetAt = now + res.msBeforeNext;
    if (!tally) {
      tallies.set(key, { consumed: res.consumed, inFlight: 0, unsent: 0, resetAt, heardAt: now });
      return;
    }
    tally.inFlight = Math.max(0, tally.inFlight - answered);
    // Answers on one connection come back in order, so the newest count includes every earlier
    // increment of ours; a new window in Redis shows as a lower count with a later reset.
    tally.consumed = res.consumed;
    tally.resetAt = resetAt;
    tally.heardAt = now;
  };

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, tally] of tallies) if (tally.resetAt <= now && tally.inFlight === 0 && tally.unsent === 0) tallies.delete(key);
  }, 30_000);
  sweep.unref();

  const waitForStore = async (key: string) => {
    const [res] = await shared.add([[key, 1]]);
    heard(key, res, 0);
    if (res.consumed > options.points) throw new RateLimiterRes(0, res.msBeforeNext, res.consumed, false);
  };

  const unsent = new Map<string, Tally>();
  let flushTimer: NodeJS.Timeout | null = null;
  const flush = () => {
    flushTimer = null;
    const batch = [...unsent].map(([key, tally]) => ({ key, tally, points: tally.unsent }));
    unsent.clear();
    if (batch.length === 0) return;
    for (const b of batch) b.tally.unsent = 0;
    shared.add(batch.map((b) => [b.key, b.points])).then(
      (answers) => answers.forEach((res, i) => heard(batch[i].key, res, batch[i].points)),
      (err) => {
        for (const b of batch) b.tally.inFlight = Math.max(0, b.tally.inFlight - b.points);
        options.onError(err);
      },
    );
  };

  return {
    consume(key) {
      const now = Date.now();
      const tally = tallies.get(key);
      if (!tally || tally.resetAt <= now || now - tally.heardAt > options.maxStaleMs) return waitForStore(key);
      const wouldBe = tally.consumed + tally.inFlight + 1;
      if (wouldBe > options.points) return Promise.reject(new RateLimiterRes(0, tally.resetAt - now, wouldBe, false));
      tally.inFlight++;
      tally.unsent++;
      unsent.set(key, tally);
      flushTimer ??= setTimeout(flush, options.flushMs);
    },
    close() {
      clearInterval(sweep);
      if (flushTimer) clearTimeout(flushTimer);
      flush();
    },
  };
}
