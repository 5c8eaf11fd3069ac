import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressGuard } from './addressGuard.js';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>` (docs/webhooks.md shows how to check it). */
export function signature(secret: string, timestamp: number, body: string): string {
  const mac = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

export interface SendResult {
  ok: boolean;
  /** null: no answer (refused address, timeout, connection error). */
  status: number | null;
  error: string | null;
}

/**
 * POSTs one signed delivery. A 2xx is a success; anything else (a redirect too: none is followed),
 * a timeout or a refused address is a failure to retry. Never throws.
 */
export function sendWebhook(options: { url: string; body: string; secret: string; eventId: string; type: string; nowMs: number; timeoutMs: number; guard: AddressGuard }): Promise<SendResult> {
  const { url, body } = options;
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve({ ok: false, status: null, error: 'the URL is not valid' });
    }
    try {
      options.guard.checkLiteral(target.hostname);
    } catch (err) {
      return resolve({ ok: false, status: null, error: (err as Error).message });
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') return resolve({ ok: false, status: null, error: 'the URL must be http:// or https://' });
    const timestamp = Math.floor(options.nowMs / 1000);
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        lookup: options.guard.lookup,
        timeout: options.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'livechat-webhooks',
          'livechat-event-id': options.eventId,
          'livechat-event-type': options.type,
          'livechat-timestamp': String(timestamp),
          'livechat-signature': signature(options.secret, timestamp, body),
        },
      },
      (response) => {
        // The answer's body is not read beyond a little: only the status matters.
        response.resume();
        response.on('end', () => {
          clearTimeout(overall);
          const status = response.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          resolve({ ok, status, error: ok ? null : status >= 300 && status < 400 ? `answered ${status}: redirects are not followed` : `answered ${status}` });
        });
      },
    );
    // One bound for the whole exchange, besides the socket's idle timeout.
    const overall = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (err) => {
      clearTimeout(overall);
      resolve({ ok: false, status: null, error: err.message.slice(0, 500) });
    });
    request.end(body);
  });
}
