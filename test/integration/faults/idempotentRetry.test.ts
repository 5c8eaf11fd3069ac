import { expect } from 'chai';
import mysql from 'mysql2/promise';
import { installFixture, type Installed } from '../../helpers/install.js';
import { testEnv, requireMysqlInCi } from '../../helpers/env.js';
import { factories } from '../../helpers/factories.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { startTestServer } from '../../helpers/server.js';
import type { RunningServer } from '../../../lib/server.js';
import type { Database } from '../../../lib/db/index.js';
import { waitFor } from '../../helpers/wait.js';

const QUERY_TIMEOUT_MS = 800;

/**
 * A send that timed out on our side may still commit on the server: here the INSERT waits on a
 * lock another transaction holds, the server answers `unavailable` when its bound runs out, and
 * the database commits the message once the lock is gone. The retry with the same clientMsgId
 * must then get that message back, never store a second one.
 */
describe('a send that timed out on our side but committed on the server [mysql]', function () {
  this.timeout(60_000);
  let install: Installed;
  let server: RunningServer;
  let db: Database;
  let visitor: TestSocket;

  before(async function () {
    requireMysqlInCi();
    if (!testEnv.mysqlUrl) return this.skip();
    install = await installFixture('mysql', { database: { queryTimeoutMs: QUERY_TIMEOUT_MS } });
    server = await startTestServer(install);
    db = install.open();
  });
  after(async () => {
    visitor?.close();
    await db?.close();
    await server?.close();
    await install?.cleanup();
  });

  it('answers the retry with the message the timed-out attempt stored, and stores it once', async () => {
    const f = factories(db);
    const site = await f.client({ domains: ['example.test'] });
    const baseUrl = `http://127.0.0.1:${server.port}`;
    const connected = await connectVisitor(baseUrl, site.widget_key);
    visitor = connected.socket;
    const chat = await f.chat(site.id, connected.session.visitorId);
    const first = await visitor.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'before' });
    expect(first.ok, JSON.stringify(first)).to.equal(true);

    // Another transaction locks the chat's messages (and the gap after them): our INSERT waits.
    const blocker = await mysql.createConnection(install.config.database.url!);
    const clientMsgId = newMsgId();
    try {
      await blocker.query('START TRANSACTION');
      await blocker.query('SELECT id FROM messages WHERE chat_id = ? FOR UPDATE', [chat.id]);
      const started = Date.now();
      const timedOut = await visitor.request({ type: 'message.send', chatId: chat.id, clientMsgId, body: 'during' }, 10_000);
      expect(timedOut.ok).to.equal(false);
      expect(timedOut.error.code).to.equal('unavailable');
      expect(timedOut.error.retryAfterMs).to.be.above(0);
      expect(Date.now() - started, 'answered within the bound').to.be.below(QUERY_TIMEOUT_MS + 1500);
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
    const stored = async () => (await db.models.Message.findAll({ where: { chat_id: chat.id, client_msg_id: clientMsgId } })).map((m) => m.id);
    const afterTimeout = await waitFor('the statement the server had to go on and commit after our timeout', async () => ((await stored()).length ? stored() : null), 5000, 50);
    expect(afterTimeout).to.have.length(1);

    const retry = await visitor.request({ type: 'message.send', chatId: chat.id, clientMsgId, body: 'during' });
    expect(retry.ok, JSON.stringify(retry)).to.equal(true);
    expect(retry.id, 'the retry gets the message stored by the attempt that timed out').to.equal(afterTimeout[0]);
    expect(retry.duplicate).to.equal(true);
    expect(await stored(), 'stored once').to.deep.equal(afterTimeout);
  });
});
