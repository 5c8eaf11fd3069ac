import { expect } from 'chai';
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { testEnv, redisUrlOrSkip, dropRedisKeys } from '../../helpers/env.js';
import { createRateLimits } from '../../../lib/realtime/rateLimits.js';
import { localFirst } from '../../../lib/realtime/localFirstLimiter.js';
import { redisWindowCounter, type SharedCounter } from '../../../lib/realtime/redisWindowCounter.js';
import { AppError } from '../../../lib/errors.js';
import type { Config } from '../../../lib/config/schema.js';
import type { Logger } from '../../../lib/logger.js';
import { letTimePass, waitFor, waitForValue } from '../../helpers/wait.js';

const LIMIT = 5;

/** What a consume came to: 'ok', or the error code with its retry hint. */
async function outcome(p: Promise<unknown> | void): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return `${err.code}:${(err.details as { retryAfterMs: number }).retryAfterMs > 0 ? 'retry-hint' : 'no-hint'}`;
    if (err instanceof RateLimiterRes) return `refused:${err.msBeforeNext > 0 ? 'retry-hint' : 'no-hint'}`;
    throw err;
  }
}

describe('Redis: rate limits decided on the node, counted in the cluster', function () {
  const prefix = `lctest${crypto.randomBytes(4).toString('hex')}:`;
  let redis: Redis;
  const cleanups: (() => unknown)[] = [];
  const warnings: unknown[] = [];
  const outages: string[] = [];
  const logger = { warn: (obj: unknown, msg?: string) => (msg?.startsWith('Redis answers again') ? outages.push(msg) : warnings.push(obj)), error: (_obj: unknown, msg: string) => outages.push(msg) } as unknown as Logger;
  const config = {
    redis: { keyPrefix: prefix, commandTimeoutMs: 2000 },
    chat: { visitorMessagesPerMinute: 50, visitorMessageBurst: LIMIT, agentMessagesPerMinute: LIMIT, widgetRequestsPerMinute: 1000 },
  } as unknown as Config;

  before(function () {
    redis = new Redis(redisUrlOrSkip(this));
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    expect(warnings.splice(0), 'warnings').to.deep.equal([]);
  });
  after(() => dropRedisKeys(redis, prefix));

  /** One node's limits, on a Redis connection of its own (as two server processes have). */
  const node = () => {
    const client = new Redis(testEnv.redisUrl!);
    const limits = createRateLimits(config, client, logger);
    cleanups.push(() => client.disconnect(), () => limits.close());
    return { client, limits };
  };
  /** The per-minute window limits, on an agent's messages (a visitor's have a token bucket, below). */
  const agent = (userId: number) => ({ kind: 'agent', userId }) as never;
  const counted = async (visitorId: number) => Number(await redis.get(`${prefix}rl:amsg:${visitorId}`));

  it('counts every message in Redis, the ones decided on the node too, and refuses the one over the limit with a retry hint', async () => {
    const a = node();
    const id = 101;
    const results = [];
    for (let i = 0; i < LIMIT; i++) results.push(await outcome(a.limits.message(agent(id))));
    expect(results).to.deep.equal(Array(LIMIT).fill('ok'));
    await waitForValue('Redis\'s count of the messages sent without waiting', () => counted(id), LIMIT);
    expect(await outcome(a.limits.message(agent(id)))).to.equal('rate_limited:retry-hint');
    expect(await counted(id), 'a refusal decided on the node costs Redis nothing').to.equal(LIMIT);
  });

  it('refuses on node B a sender who used the limit up on node A, whether or not B has seen it before', async () => {
    const [a, b] = [node(), node()];
    // Visitor 201 is new to B; visitor 202 spent one message on B first, so B holds a count for it.
    expect(await outcome(b.limits.message(agent(202)))).to.equal('ok');
    await waitForValue('B\'s increment in Redis', () => counted(202), 1);
    for (let i = 0; i < LIMIT; i++) expect(await outcome(a.limits.message(agent(201)))).to.equal('ok');
    for (let i = 0; i < LIMIT - 1; i++) expect(await outcome(a.limits.message(agent(202)))).to.equal('ok');
    await waitForValue('A\'s increments in Redis', async () => [await counted(201), await counted(202)], [LIMIT, LIMIT]);
    expect(await outcome(b.limits.message(agent(201))), 'new to B').to.equal('rate_limited:retry-hint');
    // B's count for 202 is out of date: it may grant one message on it, never two, and Redis has it.
    const onB = [await outcome(b.limits.message(agent(202)))];
    await waitForValue('B\'s increment in Redis', () => counted(202), onB[0] === 'ok' ? LIMIT + 1 : LIMIT);
    // ... and Redis's answer back on B (nothing to observe from outside but B's next decision).
    await letTimePass(20);
    onB.push(await outcome(b.limits.message(agent(202))), await outcome(b.limits.message(agent(202))));
    expect(onB.filter((r) => r === 'ok').length, JSON.stringify(onB)).to.be.at.most(1);
    expect(onB.at(-1)).to.equal('rate_limited:retry-hint');
    expect(await outcome(a.limits.message(agent(202))), 'and A refuses it as well').to.equal('rate_limited:retry-hint');
  });

  it('grants a burst across two nodes no more than each node thinks is left, and counts every grant', async () => {
    const [a, b] = [node(), node()];
    const id = 301;
    await a.limits.message(agent(id));
    await b.limits.message(agent(id));
    await waitForValue('both first messages in Redis', () => counted(id), 2);
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => outcome((i % 2 ? a : b).limits.message(agent(id)))));
    // A last heard 1 of 5 spent, B 2 of 5: within one tick, before Redis answers either, A grants
    // 4 and B 3. That is the cost of not waiting: at worst the limit again on each node, once.
    const granted = burst.filter((r) => r === 'ok').length;
    expect(granted, JSON.stringify(burst)).to.equal(7);
    await waitForValue('Redis holding every grant', () => counted(id), granted + 2);
    expect(await outcome(a.limits.message(agent(id))), 'then both refuse').to.equal('rate_limited:retry-hint');
    expect(await outcome(b.limits.message(agent(id)))).to.equal('rate_limited:retry-hint');
  });

  it('starts a fresh window when Redis\'s count expires, and asks Redis again after a quiet spell', async () => {
    const client = new Redis(testEnv.redisUrl!);
    cleanups.push(() => client.disconnect());
    const shared = redisWindowCounter(client, `${prefix}rl:short`, 1);
    const limiter = localFirst(shared, { points: 2, maxStaleMs: 200, flushMs: 10, waitMs: 2000, local: new RateLimiterMemory({ points: 2, duration: 1 }), onError: (err) => warnings.push(err) });
    cleanups.push(() => limiter.close());
    const key = 'k';
    expect([await outcome(limiter.consume(key)), await outcome(limiter.consume(key)), await outcome(limiter.consume(key))]).to.deep.equal(['ok', 'ok', 'refused:retry-hint']);
    // Redis's 1 s window and the limiter's 200 ms staleness run on the wall clock (Redis's TTL).
    await waitFor('Redis\'s window to expire', async () => (await redis.pttl(`${prefix}rl:short:${key}`)) < 0, 2000);
    await letTimePass(50); // past the local limiter's 1 s window as well
    expect(await outcome(limiter.consume(key)), 'a new window').to.equal('ok');
    // Another node spends the rest; after a quiet spell this one checks with Redis before granting.
    await waitForValue('the new window\'s count in Redis', async () => Number(await redis.get(`${prefix}rl:short:${key}`)), 1);
    await shared.add([[key, 1]]);
    await letTimePass(250); // past maxStaleMs (200)
    expect(await outcome(limiter.consume(key)), 'stale count checked again').to.equal('refused:retry-hint');
  });

  it('sends a node\'s increments for many senders to Redis in one call, and Redis counts each sender apart', async () => {
    const client = new Redis(testEnv.redisUrl!);
    cleanups.push(() => client.disconnect());
    const counter = redisWindowCounter(client, `${prefix}rl:many`, 60);
    const calls: number[] = [];
    const counting: SharedCounter = { add: (increments) => (calls.push(increments.length), counter.add(increments)) };
    const limiter = localFirst(counting, { points: 3, maxStaleMs: 5_000, flushMs: 10, waitMs: 2000, local: new RateLimiterMemory({ points: 3, duration: 60 }), onError: (err) => warnings.push(err) });
    cleanups.push(() => limiter.close());
    const senders = Array.from({ length: 10 }, (_, i) => `s${i}`);
    for (const s of senders) await limiter.consume(s); // each one's first: waits for Redis, one key a call
    expect(calls.splice(0)).to.deep.equal(Array(10).fill(1));
    // Two more each, decided on the node: one call carries all ten senders' increments.
    const results = await Promise.all(senders.flatMap((s) => [outcome(limiter.consume(s)), outcome(limiter.consume(s))]));
    expect(results).to.deep.equal(Array(20).fill('ok'));
    await waitFor('the flush', () => calls.length > 0);
    await letTimePass(20); // a second, unwanted flush would come within flushMs (10)
    expect(calls, 'one call for the flush').to.deep.equal([10]);
    const counts = await Promise.all(senders.map(async (s) => Number(await redis.get(`${prefix}rl:many:${s}`))));
    expect(counts).to.deep.equal(Array(10).fill(3));
    expect(await outcome(limiter.consume('s0')), 'the fourth is refused').to.equal('refused:retry-hint');
    const ttl = await redis.pttl(`${prefix}rl:many:s0`);
    expect(ttl, 'the window expires on its own').to.be.within(55_000, 60_000);
  });

  it('counts on the keys rate-limiter-flexible used, so a count carries over an upgrade', async () => {
    const client = new Redis(testEnv.redisUrl!);
    cleanups.push(() => client.disconnect());
    const before = new RateLimiterRedis({ storeClient: client, keyPrefix: `${prefix}rl:upgrade`, points: 5, duration: 60 });
    await before.consume('v1', 2);
    const [count] = await redisWindowCounter(client, `${prefix}rl:upgrade`, 60).add([['v1', 1]]);
    expect(count.consumed).to.equal(3);
    expect(count.msBeforeNext).to.be.within(55_000, 60_000);
  });

  it('lets a message through and says so in the log when Redis cannot take an increment sent without waiting', async () => {
    const a = node();
    const id = 401;
    await a.limits.message(agent(id));
    a.client.disconnect();
    await waitFor('the connection closed', () => a.client.status === 'end');
    expect(await outcome(a.limits.message(agent(id))), 'decided on the node').to.equal('ok');
    await waitFor('a warning for the lost count', () => warnings.length >= 1);
    warnings.length = 0;
    // A sender new to this node would ask Redis: with Redis gone, the node decides on its own
    // counts at once (limit included) and says so once, not once per message.
    outages.length = 0;
    const started = Date.now();
    expect(await outcome(a.limits.message(agent(402))), 'decided on this node').to.equal('ok');
    for (let i = 1; i < LIMIT; i++) expect(await outcome(a.limits.message(agent(402)))).to.equal('ok');
    expect(await outcome(a.limits.message(agent(402))), 'the limit holds on local counts').to.equal('rate_limited:retry-hint');
    expect(Date.now() - started, 'no wait on Redis').to.be.below(1000);
    expect(outages, 'one line for the change of state').to.have.length(1);
    expect(outages[0]).to.match(/^Redis does not answer: this rate limit is decided on this node/);
  });

  it('gives back the point of a message that was not served (database unavailable), in Redis too', async () => {
    const a = node();
    const id = 501;
    for (let i = 0; i < LIMIT; i++) expect(await outcome(a.limits.message(agent(id)))).to.equal('ok');
    await waitForValue('Redis\'s count', () => counted(id), LIMIT);
    a.limits.refund(agent(id), { message: true, widget: false });
    await waitForValue('Redis\'s count after the refund', () => counted(id), LIMIT - 1);
    // Redis counts it before its answer is back on the node (nothing to observe but the node's next decision).
    await letTimePass(20);
    expect(await outcome(a.limits.message(agent(id))), 'so one more fits').to.equal('ok');
    expect(await outcome(a.limits.message(agent(id)))).to.equal('rate_limited:retry-hint');
  });

  describe('a visitor\'s messages: a token bucket shared by the nodes', () => {
    const visitor = (visitorId: number) => ({ kind: 'visitor', visitorId }) as never;
    /** The refusal's retry hint, in ms (or 'ok'). */
    const hint = async (p: Promise<unknown> | void) => {
      try {
        await p;
        return 'ok';
      } catch (err) {
        if (err instanceof AppError && err.code === 'rate_limited') return (err.details as { retryAfterMs: number }).retryAfterMs;
        throw err;
      }
    };

    it('grants the burst at once, refuses the next on either node with the wait for one token (1.2 s at 50 a minute), then grants it', async () => {
      const [a, b] = [node(), node()];
      const id = 601;
      const burst = [];
      for (let i = 0; i < LIMIT; i++) burst.push(await outcome(a.limits.message(visitor(id))));
      expect(burst).to.deep.equal(Array(LIMIT).fill('ok'));
      await waitFor('the bucket in Redis', async () => Number(await redis.hget(`${prefix}rl:vbucket:${id}`, 'u')) >= LIMIT - 0.5);
      const onA = await hint(a.limits.message(visitor(id)));
      const onB = await hint(b.limits.message(visitor(id)));
      expect(onA, 'refused on A').to.be.a('number').within(1, 1200);
      expect(onB, 'refused on B, which never saw this visitor').to.be.a('number').within(1, 2400);
      await letTimePass(Number(onB));
      expect(await outcome(b.limits.message(visitor(id))), 'after the wait it says').to.equal('ok');
      const ttl = await redis.pttl(`${prefix}rl:vbucket:${id}`);
      expect(ttl, 'the bucket is forgotten once full again').to.be.within(1000, LIMIT * 1200 + 2000);
    });

    it('lets a visitor type on at the steady rate once the burst is spent', async () => {
      const a = node();
      const id = 602;
      for (let i = 0; i < LIMIT; i++) await a.limits.message(visitor(id));
      const later = [];
      for (let i = 0; i < 3; i++) {
        const wait = await hint(a.limits.message(visitor(id)));
        if (wait !== 'ok') {
          await letTimePass(wait);
          later.push(await outcome(a.limits.message(visitor(id))));
        }
      }
      expect(later, 'each refused line goes through after the wait it was told').to.deep.equal(['ok', 'ok', 'ok']);
    });

    it('decides on one node without Redis the same way', async () => {
      const limits = createRateLimits(config, null, logger);
      cleanups.push(() => limits.close());
      const results = [];
      for (let i = 0; i < LIMIT + 1; i++) results.push(await outcome(limits.message(visitor(603))));
      expect(results).to.deep.equal([...Array(LIMIT).fill('ok'), 'rate_limited:retry-hint']);
    });
  });
});
