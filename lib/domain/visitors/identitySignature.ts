import crypto from 'node:crypto';

/** What the host site's backend signs for its logged-in user. */
export interface SignedClaims {
  userId: string;
  email?: string | null;
  name?: string | null;
  /** Seconds since the epoch when the host site signed. */
  timestamp: number;
}

/** How old a signature may be: the page that carries it was rendered a moment before the widget starts. */
export const IDENTITY_MAX_AGE_SECONDS = 600;
/** Clocks drift: a signature a little from the future is still the host site's. */
const FUTURE_SKEW_SECONDS = 60;

/**
 * The signed text: the fields joined by line feeds (a missing one is empty), a form every language
 * writes in one line without a JSON encoder's escaping choices (docs/widget.md shows Node, PHP, Python).
 */
export const signedText = (c: SignedClaims) => [c.userId, c.email ?? '', c.name ?? '', String(c.timestamp)].join('\n');

/** HMAC-SHA256 of the signed text, hex: what the host site's backend computes. */
export const signIdentity = (secret: string, claims: SignedClaims) => crypto.createHmac('sha256', secret).update(signedText(claims)).digest('hex');

export type SignatureVerdict = 'valid' | 'forged' | 'expired' | 'not_configured';

/**
 * Checks a signature in constant time (the compare leaks nothing about how much of it was right),
 * then its age against the clock: a valid signature captured once and replayed later is refused.
 */
export function checkIdentitySignature(secret: string | null, claims: SignedClaims, signature: string, nowMs: number): SignatureVerdict {
  if (!secret) return 'not_configured';
  const expected = Buffer.from(signIdentity(secret, claims), 'hex');
  const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return 'forged';
  const age = nowMs / 1000 - claims.timestamp;
  return age > IDENTITY_MAX_AGE_SECONDS || age < -FUTURE_SKEW_SECONDS ? 'expired' : 'valid';
}
