import net from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * The address of the client behind a request (HTTP or WebSocket upgrade), the one answer every
 * rate limit, audit entry, visitor location and connection cap uses.
 *
 * With `trustedProxies` = 0 it is the socket's peer. Behind N proxies, each appends to
 * X-Forwarded-For the address it was connected from, so the client is the N-th entry from the right
 * (the right-most N entries were written by our own proxies); everything to the left of it came from
 * the client, who can write anything there, and is ignored. An entry that is not an IP address
 * (a misconfigured proxy) is not trusted either: the socket's peer is given instead.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustedProxies: number): string | null {
  const peer = req.socket.remoteAddress ?? null;
  if (trustedProxies <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (forwarded.length === 0) return peer;
  // Fewer entries than proxies (a request that skipped one): the left-most there is.
  const entry = forwarded[Math.max(0, forwarded.length - trustedProxies)];
  return net.isIP(entry) ? entry : peer;
}
