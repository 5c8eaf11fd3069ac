import crypto from 'node:crypto';

/** Who a download link was issued to: a signed-in user or a widget visitor. */
export type Downloader = { type: 'user'; id: number } | { type: 'visitor'; id: number; clientId: number };

interface DownloadClaims {
  messageId: number;
  downloader: Downloader;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const b64 = (value: string) => Buffer.from(value).toString('base64url');

// A key of its own, derived from the install's secret, so no other token livechat signs can pass for a download link.
const keyOf = (secret: string) => crypto.createHmac('sha256', secret).update('livechat:file-download:v1').digest();

/**
 * A short-lived download link's token: payload.HMAC-SHA256, naming one message and the one person
 * it was issued to. Carried in the URL (a browser download cannot send a header), so it expires in
 * minutes, and the download checks again that this person may still see the file.
 */
export function signDownloadToken(secret: string, claims: Omit<DownloadClaims, 'exp'>, ttlSeconds: number, nowMs: number): { token: string; expiresAt: Date } {
  const exp = Math.floor(nowMs / 1000) + ttlSeconds;
  const who = claims.downloader.type === 'user' ? { t: 'u', s: claims.downloader.id } : { t: 'v', s: claims.downloader.id, c: claims.downloader.clientId };
  const payload = b64(JSON.stringify({ m: claims.messageId, ...who, exp }));
  const mac = crypto.createHmac('sha256', keyOf(secret)).update(payload).digest('base64url');
  return { token: `${payload}.${mac}`, expiresAt: new Date(exp * 1000) };
}

type TokenReading = { ok: true; claims: DownloadClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** The claims of a genuine, unexpired token; otherwise whether it was expired or not genuine at all. */
export function readDownloadToken(secret: string, token: string | undefined | null, nowMs: number): TokenReading {
  const invalid = { ok: false, reason: 'invalid' } as const;
  if (typeof token !== 'string' || token.length > 512) return invalid;
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined) return invalid;
  const expected = crypto.createHmac('sha256', keyOf(secret)).update(payload).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return invalid;
  let data: { m?: unknown; t?: unknown; s?: unknown; c?: unknown; exp?: unknown };
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return invalid;
  }
  const { m, t, s, c, exp } = data;
  if (!Number.isInteger(m) || !Number.isInteger(s) || typeof exp !== 'number') return invalid;
  let downloader: Downloader;
  if (t === 'u') downloader = { type: 'user', id: s as number };
  else if (t === 'v' && Number.isInteger(c)) downloader = { type: 'visitor', id: s as number, clientId: c as number };
  else return invalid;
  if (exp <= nowMs / 1000) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { messageId: m as number, downloader, exp } };
}
