import { expect } from 'chai';
import { signVisitorToken, verifyVisitorToken } from '../../../lib/domain/visitors/visitorToken.js';
import { manualClock } from '../../helpers/manualClock.js';

describe('visitor tokens', () => {
  const secret = 'k'.repeat(40);
  const now = Date.now();

  it('verifies its own tokens and refuses one signed with another key', () => {
    const token = signVisitorToken(secret, { visitorId: 7, clientId: 2 }, now);
    expect(verifyVisitorToken(secret, token, now)).to.include({ visitorId: 7, clientId: 2 });
    expect(verifyVisitorToken('x'.repeat(40), token, now)).to.equal(null);
  });

  it('never signs or verifies with an empty or short key (a forged token would pass)', () => {
    const token = signVisitorToken(secret, { visitorId: 7, clientId: 2 }, now);
    for (const weak of ['', 'short']) {
      expect(() => signVisitorToken(weak, { visitorId: 1, clientId: 1 }, now)).to.throw(/secrets\.visitorToken/);
      expect(() => verifyVisitorToken(weak, token, now)).to.throw(/secrets\.visitorToken/);
    }
  });

  it('lives its time-to-live on the clock it is given, then is refused', async () => {
    const clock = manualClock();
    const token = signVisitorToken(secret, { visitorId: 7, clientId: 2 }, clock.now(), 3600);
    await clock.advance(3600_000);
    expect(verifyVisitorToken(secret, token, clock.now()), 'at the last second').to.include({ visitorId: 7 });
    await clock.advance(1000);
    expect(verifyVisitorToken(secret, token, clock.now())).to.equal(null);
  });
});
