import { expect } from 'chai';
import { defaults } from '../../../lib/config/load.js';
import { checkEndpoint, isPublicAddress } from '../../../lib/push/endpoints.js';

describe('Web Push endpoints', () => {
  const shipped = (defaults().push as { allowedHosts: string[] }).allowedHosts;

  it('the shipped allow-list takes the endpoints of FCM, Mozilla, Apple and Microsoft push', () => {
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAAAA',
      'https://updates-autopush.stage.mozaws.net.push.services.mozilla.com/wpush/v2/x',
      'https://web.push.apple.com/QGuI1sYVJ',
      'https://wns2-par02p.notify.windows.com/w/?token=BQYAAA',
    ])
      expect(() => checkEndpoint(endpoint, shipped), endpoint).to.not.throw();
  });

  it('the shipped allow-list refuses http, other hosts, look-alikes, other ports and IP addresses', () => {
    for (const endpoint of [
      'http://fcm.googleapis.com/fcm/send/x',
      'https://fcm.googleapis.com:8443/fcm/send/x',
      'https://fcm.googleapis.com.attacker.example/x',
      'https://evilfcm.googleapis.com/x',
      'https://push.apple.com.attacker.example/x',
      'https://notify.windows.com/x',
      'https://127.0.0.1/x',
      'https://10.0.0.1/x',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/x',
      'not a url',
    ])
      expect(() => checkEndpoint(endpoint, shipped), endpoint).to.throw(/This push endpoint is refused/);
  });

  it('counts private, loopback, link-local and mapped addresses as not public', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', '::ffff:127.0.0.1', 'not-an-ip'])
      expect(isPublicAddress(a), a).to.equal(false);
    for (const a of ['142.250.74.10', '8.8.8.8', '2a00:1450:4007:80f::200a']) expect(isPublicAddress(a), a).to.equal(true);
  });
});
