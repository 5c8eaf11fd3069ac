import { expect } from 'chai';
import fs from 'node:fs';
import { installFixture, type Installed } from '../helpers/install.js';
import { testEnv, requireMysqlInCi } from '../helpers/env.js';
import { factories } from '../helpers/factories.js';
import { loadConfig } from '../../lib/config/load.js';
import { openDatabase, type Database } from '../../lib/db/index.js';
import { mysqlOptions } from '../../lib/db/connection.js';
import { createPipelinedBatches } from '../../lib/db/messages/mysqlPipelinedStore.js';
import { sendMessages } from '../../lib/domain/chats/sendMessages.js';
import { reachDatabase, DatabaseUnreachableError } from '../../lib/cli/doctor/reachDatabase.js';
import type { Config } from '../../lib/config/schema.js';

/**
 * MariaDB on the same host over its Unix socket (`database.socket`, or `?socket=` in the URL):
 * Sequelize and the message batches both take it, and a wrong path is a clear doctor error.
 */
describe('MariaDB over its Unix socket [mysql]', function () {
  let install: Installed;
  let socket: string;
  let config: Config;
  const opened: Database[] = [];

  before(async function () {
    requireMysqlInCi();
    if (!testEnv.mysqlUrl) return this.skip();
    install = await installFixture('mysql');
    const db = install.open();
    opened.push(db);
    const [[row]] = (await db.sequelize.query('SELECT @@socket AS socket')) as [{ socket: string }[], unknown];
    socket = row.socket;
    if (!socket || !fs.existsSync(socket)) {
      console.log(`    (skipped: the test MariaDB's socket ${socket || '(none)'} is not on this host)`);
      return this.skip();
    }
    // Through the URL, with a host that does not resolve: only the socket can answer.
    const url = new URL(install.config.database.url!);
    url.hostname = 'no-such-host.invalid';
    url.searchParams.set('socket', socket);
    config = loadConfig({ flags: { dataDir: install.dataDir }, env: { LIVECHAT_DB_URL: url.toString() } });
  });
  after(async () => {
    for (const db of opened) await db.close();
    await install?.cleanup();
  });

  it('runs the models over the socket, taken from ?socket= in database.url', async () => {
    expect(mysqlOptions(config.database).socketPath).to.equal(socket);
    const db = openDatabase(config);
    opened.push(db);
    const [[who]] = (await db.sequelize.query('SELECT USER() AS user')) as [{ user: string }[], unknown];
    expect(who.user, 'a socket connection comes from localhost').to.match(/@localhost$/);
    const client = await factories(db).client({ name: 'Over the socket' });
    expect((await db.models.Client.findByPk(client.id))?.name).to.equal('Over the socket');
  });

  it('commits a batch of messages over the socket, with database.socket set on its own', async () => {
    const byField = loadConfig({ flags: { dataDir: install.dataDir }, env: { LIVECHAT_DB_SOCKET: socket } });
    const m = mysqlOptions({ ...byField.database, url: null, host: 'no-such-host.invalid', user: mysqlOptions(config.database).user, name: mysqlOptions(config.database).name });
    expect(m.socketPath).to.equal(socket);
    const db = openDatabase(config);
    opened.push(db);
    const f = factories(db);
    const client = await f.client();
    const visitor = await f.visitor(client.id);
    const chat = await f.chat(client.id, visitor.id);
    const batches = createPipelinedBatches({ ...m, database: m.name, connections: 1, connectTimeoutMs: 5000, acquireTimeoutMs: 5000, queryTimeoutMs: 10_000 });
    try {
      const outcomes = await batches.run((store) =>
        sendMessages({ models: db.models, actor: { type: 'system' }, emit: () => {} }, store, [
          { sender: { type: 'visitor', visitorId: visitor.id }, input: { chatId: chat.id, clientMsgId: 's-1', body: 'one' } },
          { sender: { type: 'visitor', visitorId: visitor.id }, input: { chatId: chat.id, clientMsgId: 's-2', body: 'two' } },
        ]),
      );
      expect(outcomes.map((o) => o.ok)).to.deep.equal([true, true]);
    } finally {
      await batches.close();
    }
    const rows = await db.models.Message.findAll({ where: { chat_id: chat.id }, order: [['seq', 'ASC']] });
    expect(rows.map((r) => [r.seq, r.body])).to.deep.equal([
      [1, 'one'],
      [2, 'two'],
    ]);
  });

  it('says which socket it could not reach and where to fix it', async () => {
    const wrong = loadConfig({ flags: { dataDir: install.dataDir }, env: { LIVECHAT_DB_SOCKET: '/nonexistent/mysqld.sock', LIVECHAT_DB_URL: install.config.database.url! } });
    const err = await reachDatabase(wrong).then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(DatabaseUnreachableError);
    expect((err as Error).message).to.contain('unix:/nonexistent/mysqld.sock');
    expect((err as DatabaseUnreachableError).fix).to.contain('livechat.json');
  });
});
