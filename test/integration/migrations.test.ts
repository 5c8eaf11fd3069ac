import { expect } from 'chai';
import { describeEachDialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { TABLES_IN_DEPENDENCY_ORDER } from '../../lib/db/models/index.js';
import { migrations } from '../../lib/db/migrations/index.js';

describeEachDialect('migrations', (dialect) => {
  let install: Installed;
  before(async () => {
    install = await installFixture(dialect);
  });
  after(() => install.cleanup());

  it('run all up, all down and all up again, leaving every table in place', async () => {
    const db = install.open();
    try {
      const tables = async () => (await db.sequelize.getQueryInterface().showAllTables()).map(String);
      expect(await tables()).to.include.members([...TABLES_IN_DEPENDENCY_ORDER]);
      expect((await db.migrator.status()).pending).to.deep.equal([]);

      const reverted = await db.migrator.down({ all: true });
      expect(reverted).to.have.length(migrations.length);
      const left = await tables();
      for (const t of TABLES_IN_DEPENDENCY_ORDER) expect(left).to.not.include(t);

      await db.migrator.up();
      expect(await tables()).to.include.members([...TABLES_IN_DEPENDENCY_ORDER]);
      expect((await db.migrator.status()).executed).to.have.length(migrations.length);
    } finally {
      await db.close();
    }
  });

  it('rolls back every migration that changes a table in use without losing its rows, and comes back up', async () => {
    // A down that rebuilt a parent table (Sequelize's SQLite removeColumn) cascaded to every chat once.
    const db = install.open();
    try {
      const { Client, Visitor, Chat, Message } = db.models;
      const client = await Client.create({ name: 'Kept', widget_key: 'k-kept', domains: ['kept.test'], widget_settings: {} as never });
      const visitor = await Visitor.create({ client_id: client.id, visitor_key: 'v-kept' });
      const chat = await Chat.create({ client_id: client.id, visitor_id: visitor.id });
      await Message.create({ chat_id: chat.id, seq: 1, sender_type: 'visitor', body: 'still here' });
      // Every migration after the first four (which create these tables), newest first.
      const later = migrations.length - 4;
      expect(await db.migrator.down({ step: later })).to.have.length(later);
      const count = async (table: string) => Number(((await db.sequelize.query(`SELECT COUNT(*) AS n FROM ${table}`))[0][0] as { n: number }).n);
      for (const table of ['clients', 'visitors', 'chats', 'messages']) expect(await count(table), `${table} after the downs`).to.be.at.least(1);
      await db.migrator.up();
      expect(await Message.count({ where: { chat_id: chat.id } })).to.equal(1);
    } finally {
      await db.close();
    }
  });

  it('keeps messages in per-chat sequence order and refuses a duplicate client message id', async () => {
    const db = install.open();
    try {
      const { Client, Visitor, Chat, Message } = db.models;
      const client = await Client.create({ name: 'A', widget_key: 'k-seq', domains: ['a.test'], widget_settings: {} as never });
      const visitor = await Visitor.create({ client_id: client.id, visitor_key: 'v1' });
      const chat = await Chat.create({ client_id: client.id, visitor_id: visitor.id });
      await Message.create({ chat_id: chat.id, seq: 1, client_msg_id: 'm1', sender_type: 'visitor', body: 'hi' });
      let duplicate: unknown;
      try {
        await Message.create({ chat_id: chat.id, seq: 2, client_msg_id: 'm1', sender_type: 'visitor', body: 'again' });
      } catch (err) {
        duplicate = err;
      }
      expect(duplicate, 'duplicate clientMsgId accepted').to.exist;
      let sameSeq: unknown;
      try {
        await Message.create({ chat_id: chat.id, seq: 1, sender_type: 'agent', body: 'x' });
      } catch (err) {
        sameSeq = err;
      }
      expect(sameSeq, 'duplicate seq accepted').to.exist;
      expect(await Message.count({ where: { chat_id: chat.id } })).to.equal(1);
    } finally {
      await db.close();
    }
  });
});
