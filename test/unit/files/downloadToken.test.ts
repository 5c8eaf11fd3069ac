import { expect } from 'chai';
import { readDownloadToken, signDownloadToken } from '../../../lib/files/downloadToken.js';
import { manualClock } from '../../helpers/manualClock.js';

const secret = 'a download secret of at least 32 chars';
const claims = { messageId: 7, downloader: { type: 'visitor' as const, id: 3, clientId: 2 } };

/** A download link's life runs on the clock it is given (the app's), not on the machine's. */
describe('download tokens on a moved clock', () => {
  it('works until its time-to-live has passed on that clock, then reads as expired', async () => {
    const clock = manualClock();
    const { token, expiresAt } = signDownloadToken(secret, claims, 300, clock.now());
    expect(expiresAt.getTime()).to.equal(clock.now() + 300_000);
    await clock.advance(299_999);
    expect(readDownloadToken(secret, token, clock.now())).to.deep.include({ ok: true });
    await clock.advance(1);
    expect(readDownloadToken(secret, token, clock.now())).to.deep.equal({ ok: false, reason: 'expired' });
  });

  it('refuses a token of another secret, or a tampered one, whatever the time', () => {
    const now = manualClock().now();
    const { token } = signDownloadToken(secret, claims, 300, now);
    expect(readDownloadToken('another secret of at least 32 chars!!', token, now)).to.deep.equal({ ok: false, reason: 'invalid' });
    expect(readDownloadToken(secret, `${token}x`, now)).to.deep.equal({ ok: false, reason: 'invalid' });
    expect(readDownloadToken(secret, null, now)).to.deep.equal({ ok: false, reason: 'invalid' });
  });
});
