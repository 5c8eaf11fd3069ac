import crypto from 'node:crypto';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { tmpDataDir } from './tmp.js';
import { waitFor } from './wait.js';

/**
 * The one test double the project allows: a stand-in for the public push service (FCM, Mozilla
 * autopush). An HTTPS endpoint on loopback with a throwaway certificate that records each request,
 * and a browser-side key pair so a test can decrypt what web-push sent (RFC 8291, aes128gcm).
 * The server sends only to hosts in push.allowedHosts: list `127.0.0.1:<port>` there (an IP
 * address named in the list is trusted as written).
 */
export async function startPushService() {
  const dir = tmpDataDir();
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
  const received: { path: string; headers: Record<string, string | string[] | undefined>; body: Buffer }[] = [];
  let status = 201;
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // web-push uses Node's global HTTPS agent: let it trust this certificate for the test's duration.
  const previousCa = https.globalAgent.options.ca;
  https.globalAgent.options.ca = fs.readFileSync(cert);

  /** A browser's subscription: its ECDH key pair and auth secret, and an endpoint on this service. */
  const browser = (name: string) => {
    const ecdh = crypto.createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = crypto.randomBytes(16);
    const subscription = { endpoint: `https://127.0.0.1:${port}/push/${name}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
    const decrypt = (body: Buffer) => {
      const salt = body.subarray(0, 16);
      const idLen = body[20];
      const serverKey = body.subarray(21, 21 + idLen);
      const ciphertext = body.subarray(21 + idLen);
      const secret = ecdh.computeSecret(serverKey);
      const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), serverKey]);
      const ikm = Buffer.from(crypto.hkdfSync('sha256', secret, auth, keyInfo, 32));
      const cek = Buffer.from(crypto.hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
      const nonce = Buffer.from(crypto.hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
      const decipher = crypto.createDecipheriv('aes-128-gcm', cek, nonce);
      decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
      const plain = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
      return JSON.parse(plain.subarray(0, plain.lastIndexOf(2)).toString('utf8'));
    };
    return { subscription, decrypt };
  };

  return {
    port,
    received,
    browser,
    /** What the service answers next (410: the subscription is gone). */
    answer: (code: number) => (status = code),
    async waitFor(count: number, timeoutMs = 5000) {
      await waitFor(`${count} push requests (got ${received.length} so far)`, () => received.length >= count, timeoutMs);
      return received;
    },
    async close() {
      https.globalAgent.options.ca = previousCa;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
