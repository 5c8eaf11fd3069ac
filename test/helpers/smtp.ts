import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { quietFor } from './wait.js';

/** One e-mail as the SMTP server received it, decoded enough to assert on. */
export interface ReceivedMail {
  /** Envelope recipients (RCPT TO). */
  to: string[];
  from: string;
  headers: Map<string, string>;
  subject: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  text: string;
  html: string;
  /** Parts sent as attachments (Content-Disposition: attachment), decoded. */
  attachments: { filename: string; contentType: string; content: Buffer }[];
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  /** smtp.url for the config. */
  url: string;
  mails: ReceivedMail[];
  /** How many deliveries were refused (see refuseNext). */
  refusals: number;
  /** Refuses the next `n` deliveries with a temporary error (451), as a busy mail server does. */
  refuseNext(n: number): void;
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Mails matching, after waiting `ms` for any late ones. */
  settle(match: (mail: ReceivedMail) => boolean, ms?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const s = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-F]{2}$/i.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(s[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0) headers.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return headers;
}

/** Splits a MIME entity and collects its text/plain and text/html bodies (multipart included). */
function parseEntity(raw: string, into: Pick<ReceivedMail, 'text' | 'html' | 'attachments'>): Map<string, string> {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = parseHeaders(split === -1 ? raw : raw.slice(0, split));
  const body = split === -1 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break;
      parseEntity(part.replace(/^\r?\n/, ''), into);
    }
    return headers;
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const disposition = headers.get('content-disposition') ?? '';
  if (/^attachment/i.test(disposition)) {
    const filename = decodeWords(/filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? '');
    const content = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : Buffer.from(encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : body);
    into.attachments.push({ filename, contentType: type.split(';')[0].trim().toLowerCase(), content });
    return headers;
  }
  const decoded = encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
  if (/^text\/html/i.test(type)) into.html += decoded;
  else if (/^text\/plain/i.test(type)) into.text += decoded;
  return headers;
}

export function parseMail(raw: string, envelope: { to: string[]; from: string }): ReceivedMail {
  const bodies: Pick<ReceivedMail, 'text' | 'html' | 'attachments'> = { text: '', html: '', attachments: [] };
  const headers = parseEntity(raw, bodies);
  return {
    ...envelope,
    headers,
    subject: decodeWords(headers.get('subject') ?? ''),
    messageId: headers.get('message-id') ?? null,
    inReplyTo: headers.get('in-reply-to') ?? null,
    references: headers.get('references') ?? null,
    text: bodies.text.replace(/\r\n/g, '\n'),
    html: bodies.html.replace(/\r\n/g, '\n'),
    attachments: bodies.attachments,
    raw,
  };
}

/** A real SMTP server on a free loopback port (no TLS, no auth), recording every mail it accepts. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const mails: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let refuse = 0;
  const state = { refusals: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse > 0) {
          refuse--;
          state.refusals++;
          const err = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
          return callback(err);
        }
        const to = session.envelope.rcptTo.map((r) => r.address);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), { to, from }));
        for (const w of [...waiters]) w();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    get refusals() {
      return state.refusals;
    },
    refuseNext(n) {
      refuse = n;
    },
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = mails.find(match);
          if (found) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching mail within ${timeoutMs} ms; received: ${JSON.stringify(mails.map((m) => ({ to: m.to, subject: m.subject })))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async settle(match, ms = 500) {
      await quietFor(ms); // what is not here by then is taken as never sent
      return mails.filter(match);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } as TestSmtpServer;
}
