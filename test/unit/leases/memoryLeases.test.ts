import { expect } from 'chai';
import { memoryLeases } from '../../../lib/leases/memoryLeases.js';
import { manualClock } from '../../helpers/manualClock.js';

/** A lease lasts its leaseMs on the clock the store is given: a test moves it instead of waiting. */
describe('memory leases on a moved clock', () => {
  it('is held until its lease runs out, renewed from the time of renewal, free once released', async () => {
    const clock = manualClock();
    const leases = memoryLeases(clock);
    const lease = await leases.acquire('job', { leaseMs: 60_000, slot: null });
    expect(lease).to.not.equal(null);
    expect(await leases.acquire('job', { leaseMs: 60_000, slot: null }), 'held by the first').to.equal(null);
    await clock.advance(59_999);
    expect((await leases.holder('job'))?.lockedUntil.getTime()).to.equal(clock.now() + 1);
    expect(await lease!.renew()).to.equal(true);
    await clock.advance(59_999);
    expect(await leases.acquire('job', { leaseMs: 60_000, slot: null }), 'renewed: still held').to.equal(null);
    await clock.advance(1);
    expect(await leases.holder('job'), 'the renewed lease ran out').to.equal(null);
    const next = await leases.acquire('job', { leaseMs: 60_000, slot: null });
    expect(next).to.not.equal(null);
    expect(await lease!.renew(), 'the old owner lost it').to.equal(false);
    await next!.release();
    expect(await leases.holder('job')).to.equal(null);
  });
});
