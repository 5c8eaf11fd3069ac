import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  body: any;
  raw: string;
  headers: http.IncomingHttpHeaders;
  /** The status this receiver answered. */
  status: number;
}

/**
 * A real HTTP receiver of webhooks on 127.0.0.1. `answer` decides each request's status (fail on
 * purpose: 500, a redirect...); every request is kept, with what was answered.
 */
export async function webhookReceiver() {
  const received: Received[] = [];
  let answer: (body: any, index: number, path: string) => number = () => 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        /* kept as raw */
      }
      const status = answer(body, received.length, req.url ?? '/');
      received.push({ body, raw, headers: req.headers, status });
      res.writeHead(status, status >= 300 && status < 400 ? { location: 'http://127.0.0.1:1/elsewhere' } : {});
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    port,
    received,
    /** What was answered 2xx: the deliveries that counted. */
    delivered: () => received.filter((r) => r.status >= 200 && r.status < 300),
    answerWith(fn: (body: any, index: number, path: string) => number) {
      answer = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Checks a delivery's signature as docs/webhooks.md tells receivers to. */
export function verifySignature(secret: string, raw: string, header: string | undefined): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=') as [string, string]));
  if (!parts.t || !parts.v1) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${parts.t}.${raw}`).digest('hex');
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1.padEnd(expected.length).slice(0, expected.length)));
}

/** The samples of a Prometheus text exposition: "name{labels}" -> value. */
export function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?)\s+(\S+)/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(match[1], Number(match[2]));
  }
  return samples;
}
