import net from 'node:net';
import { AppError } from '../errors.js';

type ScanVerdict = { clean: true } | { clean: false; signature: string };
export type Scanner = (bytes: Buffer) => Promise<ScanVerdict>;

const CHUNK = 64 * 1024;

/** `tcp://host:port` or a unix socket path, as net.connect options. */
function addressOf(socket: string): net.NetConnectOpts {
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})$/.exec(socket);
  if (tcp) return { host: tcp[1].replace(/^\[|\]$/g, ''), port: Number(tcp[2]) };
  return { path: socket };
}

const unavailable = (why: string) =>
  new AppError('scan_unavailable', `The virus scanner could not check this file (${why}); nothing was stored. Try again later.`, 503);

/**
 * Scans bytes with clamd's INSTREAM command: "zINSTREAM\0", then chunks each prefixed with their
 * length as a 4-byte big-endian integer, then a zero length; clamd answers "stream: OK" or
 * "stream: <signature> FOUND". Anything else (no answer, an ERROR, a size limit) is not a clean
 * verdict, so the caller refuses the file rather than store it unscanned.
 */
export function clamdScanner(socket: string, timeoutMs: number): Scanner {
  return (bytes) =>
    new Promise<ScanVerdict>((resolve, reject) => {
      const conn = net.connect(addressOf(socket));
      let reply = '';
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        conn.destroy();
        fn();
      };
      conn.setTimeout(timeoutMs, () => finish(() => reject(unavailable(`no answer within ${timeoutMs} ms`))));
      conn.on('error', (err) => finish(() => reject(unavailable((err as NodeJS.ErrnoException).code ?? err.message))));
      conn.on('data', (data) => {
        reply += data.toString('utf8');
        if (reply.includes('\0')) conn.end();
      });
      conn.on('close', () =>
        finish(() => {
          const answer = reply.replace(/\0[\s\S]*$/, '').trim();
          const found = /^stream: (.+) FOUND$/.exec(answer);
          if (found) resolve({ clean: false, signature: found[1] });
          else if (answer === 'stream: OK') resolve({ clean: true });
          else reject(unavailable(answer ? `clamd said "${answer.slice(0, 200)}"` : 'clamd closed the connection without a verdict'));
        }),
      );
      conn.on('connect', () => {
        conn.write('zINSTREAM\0');
        for (let offset = 0; offset < bytes.length; offset += CHUNK) {
          const chunk = bytes.subarray(offset, offset + CHUNK);
          const size = Buffer.alloc(4);
          size.writeUInt32BE(chunk.length);
          conn.write(size);
          conn.write(chunk);
        }
        conn.write(Buffer.alloc(4));
      });
    });
}

/** The refusal for an infected file. */
export const infected = (signature: string) =>
  new AppError('file_infected', `This file was refused: the virus scanner found ${signature}.`, 422, { signature });
