import { expect } from 'chai';
import { Writable } from 'node:stream';
import mysql from 'mysql2/promise';
import { pino } from 'pino';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startPrivateMariadb } from '../../helpers/privateServices.js';
import { factories } from '../../helpers/factories.js';
import { visitorClient, waitFor } from '../../helpers/sharedClient.js';
import { loadConfig } from '../../../lib/config/load.js';
import { startServer, type RunningServer } from '../../../lib/server.js';
import type { Database } from '../../../lib/db/index.js';
import type { RealtimeClient } from '../../../lib/realtime-client/index.js';
import type { ServerFrame } from '../../../lib/protocol/frames.js';
import { letTimePass } from '../../helpers/wait.js';

/** The bounds the server runs with here: short, so an outage is answered quickly. */
const BOUND_MS = 1000;
/** A frame waits at most: its chat check, a batch ahead of it and its own batch (each one bound), plus slack. */
const ANSWER_WITHIN_MS = 3 * BOUND_MS + 1500;
const VISITORS = 4;

interface Sent {
  clientMsgId: string;
  reply?: { ok: boolean; id?: number };
}

/**
 * A MariaDB that stops answering (frozen with SIGSTOP) or goes away (killed, then restarted), under
 * sends from visitors using the shared realtime client: every frame is answered within the bounds
 * (`unavailable` with retryAfterMs, not a hang, not `internal`), /readyz says 503 within 2 s, the
 * client's own retries land once the database is back, and every acked message is stored once.
 */
describe('a database that stops answering, on a private MariaDB', function () {
  this.timeout(120_000);
  let mariadb: Awaited<ReturnType<typeof startPrivateMariadb>>;
  let install: Installed;
  let server: RunningServer & { baseUrl: string };
  let db: Database;
  const logLines: Record<string, unknown>[] = [];
  const clients: RealtimeClient[] = [];
  const visitors: { client: RealtimeClient; chatId: number; unavailable: number[]; slowest: number }[] = [];

  before(async function () {
    mariadb = await startPrivateMariadb();
    const admin = await mysql.createConnection(`${mariadb.url}/mysql`);
    await admin.query('CREATE DATABASE livechat CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    await admin.end();
    install = await installFixture('sqlite', { database: { dialect: 'mysql', url: `${mariadb.url}/livechat` } });
    const config = loadConfig({
      flags: {
        dataDir: install.dataDir,
        server: { port: 0, host: '127.0.0.1', readyTimeoutMs: 1000 },
        database: { connectTimeoutMs: BOUND_MS, acquireTimeoutMs: BOUND_MS, queryTimeoutMs: BOUND_MS },
        // Room for the test's own sends (about 20 a visitor), not for the retries an outage causes:
        // a frame answered `unavailable` gives its points back.
        chat: { visitorMessagesPerMinute: 30, visitorMessageBurst: 30, widgetRequestsPerMinute: 40 },
        jobs: { enabled: false },
      },
      env: {},
    });
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    const started = await startServer({ config, logger: pino({ level: 'info' }, sink) });
    server = { ...started, baseUrl: `http://127.0.0.1:${started.port}` };
    db = install.open();
  });

  /** Visitors of a new website, each in a chat of its own, on the shared realtime client. */
  async function connectVisitors() {
    const f = factories(db);
    const site = await f.client({ domains: ['example.test'] });
    visitors.length = 0;
    for (let i = 0; i < VISITORS; i++) {
      const { client, session } = await visitorClient(server.baseUrl, site.widget_key);
      const chat = await f.chat(site.id, session.visitorId);
      const v = { client, chatId: chat.id, unavailable: [] as number[], slowest: 0 };
      // Every reply to every transmission, the client's own retries included: how long each waited.
      const sent = new Map<string, number>();
      const transmit = (client as unknown as { transmit: (e: { frame: { ref: string } }) => void }).transmit.bind(client);
      (client as unknown as { transmit: typeof transmit }).transmit = (entry) => {
        sent.set(entry.frame.ref, Date.now());
        transmit(entry);
      };
      client.onFrame((frame: ServerFrame) => {
        if (frame.type !== 'reply' || !sent.has(frame.ref)) return;
        v.slowest = Math.max(v.slowest, Date.now() - sent.get(frame.ref)!);
        if (!frame.ok) {
          expect(frame.error.code, JSON.stringify(frame.error)).to.equal('unavailable');
          expect(frame.error.retryAfterMs).to.be.a('number').above(0);
          v.unavailable.push(Date.now());
        }
      });
      client.connect();
      clients.push(client);
      visitors.push(v);
    }
    await waitFor(() => visitors.every((v) => v.client.state === 'open'), 10_000, 'visitors connected');
  }

  after(async () => {
    clients.forEach((c) => c.close());
    await db?.close();
    await server?.close();
    await mariadb?.stop();
  });

  /** Each visitor sends a message every 400 ms while `running()` (not waiting for the last): every send with its final reply. */
  async function sendWhile(running: () => boolean) {
    const all: Sent[] = [];
    await Promise.all(
      visitors.map(async (v, i) => {
        let n = 0;
        const pending: Promise<unknown>[] = [];
        while (running()) {
          const item: Sent = { clientMsgId: `v${i}-${Date.now()}-${n++}` };
          all.push(item);
          pending.push(v.client.sendMessage(v.chatId, `hello ${item.clientMsgId}`, { clientMsgId: item.clientMsgId }).then((r) => (item.reply = r as Sent['reply'])));
          await letTimePass(400); // the pace of a visitor typing
        }
        await Promise.all(pending);
      }),
    );
    return all;
  }

  async function readyz() {
    const started = Date.now();
    const res = await fetch(`${server.baseUrl}/readyz`);
    return { status: res.status, ms: Date.now() - started, body: await res.json() };
  }

  async function expectEachStoredOnce(sends: Sent[]) {
    const check = await mysql.createConnection(`${mariadb.url}/livechat`);
    try {
      const [rows] = await check.query('SELECT id, client_msg_id FROM messages WHERE chat_id IN (?)', [visitors.map((v) => v.chatId)]);
      const byId = new Map<string, number[]>();
      for (const r of rows as { id: number; client_msg_id: string }[]) byId.set(r.client_msg_id, [...(byId.get(r.client_msg_id) ?? []), r.id]);
      for (const s of sends) {
        expect(s.reply?.ok, `${s.clientMsgId} acked`).to.equal(true);
        expect(byId.get(s.clientMsgId), `${s.clientMsgId} stored once, under the acked id`).to.deep.equal([s.reply!.id]);
      }
    } finally {
      await check.end();
    }
  }

  it('frozen for 5 s: every frame answered `unavailable` within the bound, /readyz 503 within 2 s, retries land once thawed, each message stored once', async () => {
    await connectVisitors();
    let sending = true;
    const sends = sendWhile(() => sending);
    await letTimePass(500); // some traffic before the fault
    const frozenAt = Date.now();
    mariadb.freeze();
    try {
      await letTimePass(500); // frames in flight meet the frozen database
      const ready = await readyz();
      expect(ready.status).to.equal(503);
      expect(ready.ms, '/readyz answered within 2 s').to.be.below(2000);
      expect(ready.body.checks.database.ok).to.equal(false);
      // HTTP too: a clear, retryable 503, not a hang or a 500.
      const started = Date.now();
      const res = await fetch(`${server.baseUrl}/api/widget/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://example.test' },
        body: JSON.stringify({ widgetKey: 'any', page: { url: 'https://example.test/', title: 'x' } }),
      });
      expect(res.status).to.equal(503);
      expect(res.headers.get('retry-after')).to.equal('1');
      expect((await res.json()).error).to.deep.include({ code: 'unavailable', details: { retryAfterMs: 1000 } });
      expect(Date.now() - started).to.be.below(ANSWER_WITHIN_MS);
      await letTimePass(Math.max(0, frozenAt + 5000 - Date.now())); // the outage lasts 5 s
    } finally {
      mariadb.thaw();
    }
    sending = false;
    const all = await sends;
    for (const v of visitors) {
      expect(v.unavailable.length, 'each visitor was told unavailable').to.be.above(0);
      expect(v.unavailable[0] - frozenAt, 'the first unavailable came within the bound').to.be.below(ANSWER_WITHIN_MS);
      expect(v.slowest, 'no frame waited longer than the bound (later frames of a visitor were not held up)').to.be.below(ANSWER_WITHIN_MS);
    }
    await expectEachStoredOnce(all);
    await waitFor(() => logLines.some((l) => l.msg === 'the database answers again'), 5000, 'the back-up log line');
    expect((await readyz()).status).to.equal(200);
    const down = logLines.filter((l) => String(l.msg).startsWith('the database is not answering'));
    expect(down, 'one log line for the outage').to.have.length(1);
    expect(logLines.filter((l) => (l.level as number) >= 50).map((l) => l.msg), 'no other errors logged').to.deep.equal([down[0].msg]);
  });

  it('killed and restarted: the same, with nothing lost and no `internal` answers', async () => {
    await connectVisitors();
    logLines.length = 0;
    let sending = true;
    const sends = sendWhile(() => sending);
    await letTimePass(500); // some traffic before the fault
    const killedAt = Date.now();
    await mariadb.kill();
    const ready = await readyz();
    expect(ready.status).to.equal(503);
    expect(ready.ms).to.be.below(2000);
    await letTimePass(Math.max(0, killedAt + 3000 - Date.now())); // the database stays down 3 s
    await mariadb.start();
    sending = false;
    const all = await sends;
    for (const v of visitors) {
      expect(v.unavailable.length).to.be.above(0);
      expect(v.unavailable[0] - killedAt).to.be.below(ANSWER_WITHIN_MS);
      expect(v.slowest).to.be.below(ANSWER_WITHIN_MS);
    }
    await expectEachStoredOnce(all);
    await waitFor(() => logLines.some((l) => l.msg === 'the database answers again'), 5000, 'the back-up log line');
    expect(logLines.filter((l) => String(l.msg).startsWith('the database is not answering'))).to.have.length(1);
  });

  it('a message retried through the outage does not use up its sender\'s rate limit', async () => {
    // A node of its own with a tight limit: 3 messages a minute, 6 frames.
    const config = loadConfig({
      flags: {
        dataDir: install.dataDir,
        server: { port: 0, host: '127.0.0.1' },
        database: { connectTimeoutMs: BOUND_MS, acquireTimeoutMs: BOUND_MS, queryTimeoutMs: BOUND_MS },
        chat: { visitorMessagesPerMinute: 1, visitorMessageBurst: 3, widgetRequestsPerMinute: 6 },
        jobs: { enabled: false },
      },
      env: {},
    });
    const tight = await startServer({ config, logger: pino({ level: 'silent' }) });
    try {
      const f = factories(db);
      const site = await f.client({ domains: ['example.test'] });
      const { client, session } = await visitorClient(`http://127.0.0.1:${tight.port}`, site.widget_key);
      clients.push(client);
      const chat = await f.chat(site.id, session.visitorId);
      let retries = 0;
      client.onFrame((frame) => frame.type === 'reply' && !frame.ok && frame.error.code === 'unavailable' && retries++);
      client.connect();
      await waitFor(() => client.state === 'open', 10_000, 'visitor connected');
      expect((await client.sendMessage(chat.id, 'before')).ok).to.equal(true);
      mariadb.freeze();
      let during: Promise<{ ok: boolean }>;
      try {
        during = client.sendMessage(chat.id, 'during the outage');
        await waitFor(() => retries >= 4, 15_000, 'four unavailable answers');
      } finally {
        mariadb.thaw();
      }
      const reply = await during;
      expect(reply.ok, `after ${retries} unavailable answers: ${JSON.stringify(reply)}`).to.equal(true);
      expect((await client.sendMessage(chat.id, 'after')).ok, 'the third message of the minute still fits').to.equal(true);
    } finally {
      await tight.close();
    }
  });
});
