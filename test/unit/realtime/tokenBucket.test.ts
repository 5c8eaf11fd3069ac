import { expect } from 'chai';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { memoryTokenBuckets } from '../../../lib/realtime/tokenBucket.js';

/** 'ok', or 'wait <ms>' for a refusal. */
const outcome = (p: Promise<void>) =>
  p.then(
    () => 'ok',
    (err) => {
      if (!(err instanceof RateLimiterRes)) throw err;
      return `wait ${err.msBeforeNext}`;
    },
  );

describe('token bucket (one node, in memory)', () => {
  let now = 1_000_000;
  const clock = () => now;
  const open: { close(): void }[] = [];
  const buckets = (burst: number, msPerToken: number) => {
    const b = memoryTokenBuckets({ burst, msPerToken }, clock);
    open.push(b);
    return b;
  };
  afterEach(() => open.splice(0).forEach((b) => b.close()));

  it('lets a burst through at once, then one per token, and says how long until the next', async () => {
    const b = buckets(10, 2000);
    const quick = [];
    for (let i = 0; i < 15; i++) quick.push(await outcome(b.consume('v1')));
    expect(quick).to.deep.equal([...Array(10).fill('ok'), ...Array(5).fill('wait 2000')]);
    now += 1999;
    expect(await outcome(b.consume('v1')), 'a refusal spends nothing: the wait is the same token').to.equal('wait 1');
    now += 1;
    expect(await outcome(b.consume('v1'))).to.equal('ok');
    expect(await outcome(b.consume('v1'))).to.equal('wait 2000');
    // Someone typing in short lines every 2 s from here on is never refused.
    for (let i = 0; i < 20; i++) {
      now += 2000;
      expect(await outcome(b.consume('v1'))).to.equal('ok');
    }
  });

  it('refills to the burst and no further, and keeps each visitor apart', async () => {
    const b = buckets(3, 1000);
    for (let i = 0; i < 3; i++) await b.consume('a');
    expect(await outcome(b.consume('a'))).to.equal('wait 1000');
    expect(await outcome(b.consume('b')), 'another visitor has a full bucket').to.equal('ok');
    now += 60_000;
    const after = [];
    for (let i = 0; i < 4; i++) after.push(await outcome(b.consume('a')));
    expect(after).to.deep.equal(['ok', 'ok', 'ok', 'wait 1000']);
  });

  it('gives a refunded token back (a message the database did not take)', async () => {
    const b = buckets(2, 5000);
    await b.consume('v');
    await b.consume('v');
    await b.reward('v', 1);
    expect(await outcome(b.consume('v'))).to.equal('ok');
    expect(await outcome(b.consume('v'))).to.equal('wait 5000');
  });
});
