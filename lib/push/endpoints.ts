import dns from 'node:dns';
import https from 'node:https';
import net from 'node:net';
import { AppError } from '../errors.js';

/**
 * Where Web Push may send: https endpoints of the push services in `push.allowedHosts`, on public
 * addresses only. An agent's browser hands us the endpoint URL, so without this the server would
 * fetch any URL an agent names (blind SSRF into the private network). Hostnames are resolved and
 * refused if any address is private, loopback or link-local, both when the subscription is saved
 * and at every send (DNS can change): at send time the check runs in the connection's own lookup,
 * so the address checked is the address connected to.
 */

/** Ranges that are not the public internet (RFC 6890 and friends); IPv4-mapped IPv6 is checked as IPv4. */
const NOT_PUBLIC = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  NOT_PUBLIC.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(address, prefix, 'ipv6');

export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && !NOT_PUBLIC.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

const refused = (why: string) => new AppError('push_endpoint_refused', `This push endpoint is refused: ${why}.`, 400);

interface AllowedHost {
  /** A hostname ("fcm.googleapis.com"), a domain whose subdomains are allowed ("push.apple.com" for "*.push.apple.com"), or an IP address. */
  host: string;
  subdomains: boolean;
  port: number;
}

/** An entry of push.allowedHosts (its shape is checked in lib/config/schema.ts); 443 without a port. */
function parseAllowed(entry: string): AllowedHost {
  const subdomains = entry.startsWith('*.');
  const url = new URL(`https://${subdomains ? entry.slice(2) : entry}`);
  return { host: url.hostname.replace(/^\[|\]$/g, ''), subdomains, port: Number(url.port || 443) };
}

/**
 * The endpoint checked against the allow-list, without DNS: https, no credentials, a listed host
 * and port. An IP address is allowed only where the list names that very address (a push service
 * inside your own network, or a test's stand-in): then it is trusted as written.
 */
export function checkEndpoint(endpoint: string, allowedHosts: string[]): { host: string; literal: boolean } {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw refused('it is not a URL');
  }
  if (url.protocol !== 'https:') throw refused('it must be an https:// URL');
  if (url.username || url.password) throw refused('it must not carry a user name or password');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  const literal = net.isIP(host) !== 0;
  const entries = allowedHosts.map(parseAllowed);
  const named = entries.filter((a) => (a.subdomains ? !literal && host.endsWith(`.${a.host}`) : a.host === host));
  if (named.length === 0) throw refused(`${host} is not a push service this server sends to (push.allowedHosts)`);
  if (!named.some((a) => a.port === port)) throw refused(`port ${port} is not allowed for ${host}`);
  return { host, literal };
}

const LOOKUP_TIMEOUT_MS = 5000;

/** Every address the host resolves to, within a bound. */
async function resolveAll(host: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(refused(`${host} did not resolve within ${LOOKUP_TIMEOUT_MS / 1000} s`)), LOOKUP_TIMEOUT_MS);
  });
  try {
    const found = await Promise.race([dns.promises.lookup(host, { all: true }), timeout]);
    return found.map((a) => a.address);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw refused(`${host} does not resolve`);
  } finally {
    clearTimeout(timer);
  }
}

/** The save-time check: allow-list, then every address of a hostname public. */
export async function assertPushEndpoint(endpoint: string, allowedHosts: string[]): Promise<void> {
  const { host, literal } = checkEndpoint(endpoint, allowedHosts);
  if (literal) return;
  if (!(await resolveAll(host)).every(isPublicAddress)) throw refused(`${host} resolves to a private, loopback or link-local address`);
}

/** dns.lookup that fails when the name resolves to any address that is not public. */
const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const blocked = addresses.find((a) => !isPublicAddress(a.address));
    if (blocked) return callback(Object.assign(new Error(`${hostname} resolves to a private, loopback or link-local address`), { code: 'EPUSHPRIVATE' }), '', 0);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

/**
 * The HTTPS agent for push requests: its lookup refuses private addresses at connect time. Made per
 * delivery so that a CA the process added to Node's global agent (a company's own root for an
 * in-house push service) still applies.
 */
export const pushAgent = () => new https.Agent({ ca: https.globalAgent.options.ca, lookup: publicOnlyLookup });
