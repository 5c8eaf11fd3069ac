import crypto from 'node:crypto';

interface VisitorClaims {
  visitorId: number;
  clientId: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

/** The HMAC, never with a missing or short key (anyone could compute it): a bug, refused loudly. */
function hmac(secret: string, payload: string): Buffer {
  if (typeof secret !== 'string' || secret.length < 32) throw new Error('The visitor token secret is missing or shorter than 32 characters (secrets.visitorToken).');
  return crypto.createHmac('sha256', secret).update(payload).digest();
}

/**
 * A compact signed token (payload.HMAC-SHA256) that the widget presents on its socket and API calls,
 * valid `ttlSeconds` from `nowMs` (the app's clock).
 */
export function signVisitorToken(secret: string, claims: Omit<VisitorClaims, 'exp'>, nowMs: number, ttlSeconds = 24 * 3600): string {
  const payload = b64(JSON.stringify({ v: claims.visitorId, c: claims.clientId, exp: Math.floor(nowMs / 1000) + ttlSeconds }));
  const mac = hmac(secret, payload).toString('base64url');
  return `${payload}.${mac}`;
}

/** The claims of a genuine token unexpired at `nowMs` (the app's clock); null for anything else (forged, expired, garbled). */
export function verifyVisitorToken(secret: string, token: string | undefined | null, nowMs: number): VisitorClaims | null {
  if (!token || token.length > 512) return null;
  const [payload, mac] = token.split('.');
  if (!payload || !mac) return null;
  const expected = hmac(secret, payload);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Number.isInteger(data.v) || !Number.isInteger(data.c) || typeof data.exp !== 'number') return null;
    if (data.exp < nowMs / 1000) return null;
    return { visitorId: data.v, clientId: data.c, exp: data.exp };
  } catch {
    return null;
  }
}
