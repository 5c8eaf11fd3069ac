import { expect } from 'chai';
import { signVisitorToken, verifyVisitorToken } from '../../../lib/domain/visitors/visitorToken.js';

describe('visitor tokens', () => {
  const secret = 'k'.repeat(40);

  it('verifies its own tokens and refuses one signed with another key', () => {
    const token = signVisitorToken(secret, { visitorId: 7, clientId: 2 });
    expect(verifyVisitorToken(secret, token)).to.include({ visitorId: 7, clientId: 2 });
    expect(verifyVisitorToken('x'.repeat(40), token)).to.equal(null);
  });

  it('never signs or verifies with an empty or short key (a forged token would pass)', () => {
    const token = signVisitorToken(secret, { visitorId: 7, clientId: 2 });
    for (const weak of ['', 'short']) {
      expect(() => signVisitorToken(weak, { visitorId: 1, clientId: 1 })).to.throw(/secrets\.visitorToken/);
      expect(() => verifyVisitorToken(weak, token)).to.throw(/secrets\.visitorToken/);
    }
  });
});
