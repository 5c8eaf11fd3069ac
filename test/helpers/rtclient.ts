import WebSocket from 'ws';
import crypto from 'node:crypto';

/**
 * A bare protocol client for tests: sends frames, awaits replies by ref, records every event.
 * (The product's own reconnecting client is tested separately; this one hides nothing.)
 */
export class TestSocket {
  events: any[] = [];
  frames: any[] = [];
  hello: any;
  closed: { code: number; reason: string } | null = null;
  private waiters: { match: (f: any) => boolean; resolve: (f: any) => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      this.frames.push(frame);
      if (frame.type === 'event') this.events.push(frame.event);
      for (const w of [...this.waiters]) {
        if (w.match(frame)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(frame);
        }
      }
    });
    ws.on('close', (code, reason) => (this.closed = { code, reason: String(reason) }));
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
    const ws = new WebSocket(url, { headers });
    const socket = new TestSocket(ws);
    const hello = socket.next((f) => f.type === 'hello', 10_000);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
    socket.hello = await hello;
    return socket;
  }

  /** Resolves with the first frame (already received or future) that matches. */
  next(match: (frame: any) => boolean, timeoutMs = 5000): Promise<any> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`)), timeoutMs);
      this.waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  event(name: string, where: (e: any) => boolean = () => true, timeoutMs = 5000) {
    return this.next((f) => f.type === 'event' && f.event.name === name && where(f.event), timeoutMs).then((f) => f.event);
  }

  /** Sends a frame with a fresh ref and resolves with the server's reply. */
  async request(frame: Record<string, unknown>, timeoutMs = 5000): Promise<any> {
    const ref = crypto.randomUUID();
    const reply = this.next((f) => f.type === 'reply' && f.ref === ref, timeoutMs);
    this.ws.send(JSON.stringify({ ...frame, ref }));
    return reply;
  }

  send(frame: unknown) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  close() {
    this.ws.close();
  }
}
