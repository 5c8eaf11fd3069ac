import { expect } from 'chai';
import { addressGuard, BlockedAddressError } from '../../../lib/webhooks/addressGuard.js';
import { signature } from '../../../lib/webhooks/send.js';

const refused = (guard: ReturnType<typeof addressGuard>, host: string) => {
  try {
    guard.checkLiteral(host);
    return false;
  } catch (err) {
    expect(err).to.be.instanceOf(BlockedAddressError);
    return true;
  }
};

describe('the webhook SSRF guard', () => {
  it('refuses loopback, private, link-local and mapped addresses; allows public ones and what the configuration allows', () => {
    const guard = addressGuard(['127.0.0.1', '10.20.0.0/16']);
    for (const host of ['127.0.0.2', '10.0.0.1', '172.16.5.5', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '[::1]', '[fd00::1]', '[fe80::1]', '[::ffff:192.168.0.1]']) {
      expect(refused(guard, host), host).to.equal(true);
    }
    for (const host of ['127.0.0.1', '10.20.3.4', '93.184.216.34', '[2606:4700::1111]', 'example.com']) expect(refused(guard, host), host).to.equal(false);
  });

  it('refuses a host name that resolves to a refused address', async () => {
    const guard = addressGuard([]);
    const err = await new Promise<Error | null>((resolve) => (guard.lookup as any)('localhost', {}, (e: Error | null) => resolve(e)));
    expect(err).to.be.instanceOf(BlockedAddressError);
    expect(err!.message).to.match(/localhost resolves to .*webhooks.allowPrivateAddresses/);
  });

  it('signs timestamp.body with HMAC-SHA256, in hex', () => {
    // openssl: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(signature('secret', 1700000000, '{"a":1}')).to.equal('t=1700000000,v1=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686');
  });
});
