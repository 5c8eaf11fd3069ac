import { expect } from 'chai';
import sqlite3 from 'sqlite3';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { startTestServer } from '../../helpers/server.js';
import type { RunningServer } from '../../../lib/server.js';
import { sqliteFile } from '../../../lib/db/connection.js';

const BOUND_MS = 500;

/**
 * SQLite has one writer: another process (a CLI command, a stuck script) holding the write lock
 * longer than database.queryTimeoutMs makes a send wait for the lock no longer than that bound, and
 * answer `unavailable` with retryAfterMs (not `internal`); once the lock is gone the same frame lands.
 */
describe('SQLite write lock held by another process', function () {
  this.timeout(30_000);
  let install: Installed;
  let server: RunningServer;
  let visitor: TestSocket;
  let holder: sqlite3.Database;

  before(async () => {
    install = await installFixture('sqlite', { database: { queryTimeoutMs: BOUND_MS } });
    server = await startTestServer(install);
    holder = new sqlite3.Database(sqliteFile(install.config.database, install.config.dataDir));
  });
  after(async () => {
    visitor?.close();
    await new Promise((resolve) => holder?.close(resolve));
    await server?.close();
    await install?.cleanup();
  });

  const run = (sql: string) => new Promise<void>((resolve, reject) => holder.run(sql, (err) => (err ? reject(err) : resolve())));

  it('answers `unavailable` within the bound while the lock is held, and takes the same message once it is free', async () => {
    const db = install.open();
    const f = factories(db);
    const site = await f.client({ domains: ['example.test'] });
    const connected = await connectVisitor(`http://127.0.0.1:${server.port}`, site.widget_key);
    visitor = connected.socket;
    const chat = await f.chat(site.id, connected.session.visitorId);
    await db.close();
    expect((await visitor.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'before' })).ok).to.equal(true);

    const clientMsgId = newMsgId();
    await run('BEGIN IMMEDIATE');
    try {
      const started = Date.now();
      const reply = await visitor.request({ type: 'message.send', chatId: chat.id, clientMsgId, body: 'during' }, 20_000);
      const waited = Date.now() - started;
      expect(reply.ok, JSON.stringify(reply)).to.equal(false);
      expect(reply.error.code).to.equal('unavailable');
      expect(reply.error.retryAfterMs).to.be.above(0);
      expect(waited, 'waited for the lock no longer than the bound (and a little)').to.be.below(BOUND_MS + 1000);
    } finally {
      await run('COMMIT');
    }
    const retry = await visitor.request({ type: 'message.send', chatId: chat.id, clientMsgId, body: 'during' });
    expect(retry.ok, JSON.stringify(retry)).to.equal(true);
    expect(retry.seq).to.equal(2);
  });
});
