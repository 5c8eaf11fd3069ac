import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { clientAddress } from '../../lib/clientAddress.js';
import { loadConfig } from '../../lib/config/load.js';
import { ConfigError } from '../../lib/config/load.js';
import { tmpDataDir } from '../helpers/tmp.js';

const request = (forwardedFor: string | string[] | undefined, peer = '10.0.0.5') => ({
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  socket: { remoteAddress: peer },
}) as never;

describe("the client's address (one helper for HTTP, WebSocket and long poll)", () => {
  it('with no trusted proxy, is the socket peer whatever X-Forwarded-For says', () => {
    expect(clientAddress(request('203.0.113.9'), 0)).to.equal('10.0.0.5');
  });

  it('behind one proxy, is the right-most entry: what the client wrote left of it is ignored', () => {
    expect(clientAddress(request('203.0.113.9'), 1)).to.equal('203.0.113.9');
    expect(clientAddress(request('1.1.1.1, 2.2.2.2, 203.0.113.9'), 1)).to.equal('203.0.113.9');
    expect(clientAddress(request(['1.1.1.1', '203.0.113.9']), 1)).to.equal('203.0.113.9');
    expect(clientAddress(request('2001:db8::1'), 1)).to.equal('2001:db8::1');
  });

  it('behind two proxies, is the second entry from the right', () => {
    expect(clientAddress(request('6.6.6.6, 203.0.113.9, 198.51.100.1'), 2)).to.equal('203.0.113.9');
    // A request that skipped the outer proxy carries fewer entries: the left-most there is.
    expect(clientAddress(request('203.0.113.9'), 2)).to.equal('203.0.113.9');
  });

  it('falls back to the socket peer when there is no header, or the trusted entry is not an address', () => {
    expect(clientAddress(request(undefined), 1)).to.equal('10.0.0.5');
    expect(clientAddress(request(''), 1)).to.equal('10.0.0.5');
    expect(clientAddress(request('1.1.1.1, not-an-ip'), 1)).to.equal('10.0.0.5');
    expect(clientAddress(request("1.1.1.1, 203.0.113.9'; drop table"), 1)).to.equal('10.0.0.5');
  });

  it('reads server.trustProxy as a number of proxies: true is 1, false is 0, and a bad value is refused', () => {
    const hops = (value: unknown, env: Record<string, string> = {}) => loadConfig({ flags: { dataDir: tmpDataDir(), server: { trustProxy: value } }, env }).server.trustProxy;
    expect(hops(true)).to.equal(1);
    expect(hops(false)).to.equal(0);
    expect(hops(2)).to.equal(2);
    expect(loadConfig({ flags: { dataDir: tmpDataDir() }, env: { LIVECHAT_TRUST_PROXY: '2' } }).server.trustProxy).to.equal(2);
    expect(loadConfig({ flags: { dataDir: tmpDataDir() }, env: { LIVECHAT_TRUST_PROXY: 'true' } }).server.trustProxy).to.equal(1);
    expect(() => hops(-1)).to.throw(ConfigError, /server\.trustProxy/);
    expect(() => hops('yes please')).to.throw(ConfigError, /number of proxies/);
  });

  it('the shipped nginx site overwrites X-Forwarded-For with the address nginx saw, never appends to it', () => {
    const site = fs.readFileSync(path.join(import.meta.dirname, '../../templates/nginx-site.conf'), 'utf8');
    const directives = site.split('\n').filter((line) => /^\s*proxy_set_header\s+X-Forwarded-For\b/i.test(line));
    expect(directives).to.have.length.greaterThan(0);
    for (const line of directives) expect(line.trim()).to.equal('proxy_set_header X-Forwarded-For $remote_addr;');
    // Every location that sets one sets the forwarded host too, so a client cannot pass its own on.
    const hosts = site.split('\n').filter((line) => /^\s*proxy_set_header\s+X-Forwarded-Host\b/i.test(line));
    expect(hosts.map((line) => line.trim())).to.deep.equal(directives.map(() => 'proxy_set_header X-Forwarded-Host $host;'));
  });
});
