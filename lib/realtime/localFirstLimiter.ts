import { RateLimiterRes } from 'rate-limiter-flexible';
import type { SharedCounter, WindowCount } from './redisWindowCounter.js';
import { within } from '../deadline.js';

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
  /** How long a consume waits for the shared store before this node decides on its own counts. */
  waitMs: number;
  /** This node's own counts, used while the shared store does not answer (an in-memory limiter of the same limit). */
  local: { consume(key: string): Promise<unknown>; reward(key: string, points: number): Promise<unknown> };
  /** Told once per change: 'local' when the store stopped answering, 'shared' when it answers again. */
  onState?: (state: 'local' | 'shared', err?: unknown) => void;
  onError: (err: unknown) => void;
}

/** After this long on local counts, one consume also asks the store again (in the background) whether it is back. */
const RETRY_STORE_MS = 1000;

export interface LocalFirstLimiter {
  /**
   * Nothing when the point is granted here and now (decided on this node: no promise to allocate
   * on the hot path); otherwise a promise that resolves when Redis grants it, or rejects with a
   * RateLimiterRes when over the limit.
   */
  consume(key: string): Promise<void> | void;
  /** Gives back a point whose request was not served after all (the database did not answer). */
  refund(key: string): void;
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
 *
 * When the store does not answer within waitMs (Redis is down), the node decides on its own counts
 * (options.local) instead of holding every message: each node then grants the limit once on its
 * own, and once a second one consume asks the store in the background whether it is back.
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

  // Whether the store stopped answering (decisions are this node's own), and when it was last asked.
  let local = false;
  let lastAsked = 0;
  let asking = false;
  const askStore = (key: string) => {
    lastAsked = Date.now();
    return within(shared.add([[key, 1]]), options.waitMs, 'the shared rate-limit store').then(([res]) => {
      heard(key, res, 0);
      if (local) {
        local = false;
        options.onState?.('shared');
      }
      return res;
    });
  };
  const consumeLocally = (key: string) => options.local.consume(key).then(() => undefined);

  const waitForStore = async (key: string) => {
    let res: WindowCount;
    try {
      res = await askStore(key);
    } catch (err) {
      if (!local) options.onState?.('local', err);
      local = true;
      return consumeLocally(key);
    }
    if (res.consumed > options.points) throw new RateLimiterRes(0, res.msBeforeNext, res.consumed, false);
  };

  /** On local counts: decided here at once; now and then one consume also asks the store, in the background. */
  const whileLocal = (key: string) => {
    if (!asking && Date.now() - lastAsked >= RETRY_STORE_MS) {
      asking = true;
      askStore(key)
        .catch(() => undefined)
        .finally(() => (asking = false));
    }
    return consumeLocally(key);
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
        if (!local) options.onError(err);
      },
    );
  };

  return {
    consume(key) {
      if (local) return whileLocal(key);
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
    refund(key) {
      if (local) return void options.local.reward(key, 1).catch(() => undefined);
      const tally = tallies.get(key);
      if (!tally) return;
      if (tally.unsent > 0) {
        // Not sent to the store yet: it never will be.
        tally.unsent--;
        tally.inFlight = Math.max(0, tally.inFlight - 1);
        return;
      }
      tally.consumed = Math.max(0, tally.consumed - 1);
      within(shared.add([[key, -1]]), options.waitMs, 'the shared rate-limit store').then(([res]) => heard(key, res, 0), () => undefined);
    },
    close() {
      clearInterval(sweep);
      if (flushTimer) clearTimeout(flushTimer);
      flush();
    },
  };
}
