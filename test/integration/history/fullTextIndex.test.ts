import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { createMigrator } from '../../../lib/db/migrator.js';
import { migrations } from '../../../lib/db/migrations/index.js';
import { searchWorkspace } from '../../../lib/domain/search/searchWorkspace.js';
import type { Database } from '../../../lib/db/index.js';

const MIGRATION = '20261203153000-history-search-indexes';

/** Message search on the full-text index: built for the messages already there, kept in step with every write. */
describeEachDialect('message full-text index', (dialect) => {
  let install: Installed;
  let db: Database;
  let chatId: number;

  before(async () => {
    install = await installFixture(dialect);
    db = install.open();
  });
  after(async () => {
    await db?.close();
    await install?.cleanup();
  });

  const found = async (q: string) => (await searchWorkspace(db.models, null, { q })).messages.map((m) => m.body);

  it('indexes the messages stored before the migration, showing progress', async () => {
    const lines: string[] = [];
    const migrator = createMigrator(db.sequelize, (p) => p.detail && lines.push(`${p.name}: ${p.detail}`));
    // Back to before the search indexes: every later migration first, newest first.
    const later = migrations.map((m) => m.name).filter((name) => name > MIGRATION);
    const f = factories(db);
    const client = await f.client();
    const visitor = await f.visitor(client.id);
    chatId = (await f.chat(client.id, visitor.id, { last_seq: 2 })).id;
    expect(await migrator.down({ step: later.length + 1 })).to.deep.equal([...later].reverse().concat(MIGRATION));
    // The models know columns later migrations add: rows of the older schema are written as they were then.
    const at = new Date();
    await db.sequelize.getQueryInterface().bulkInsert('messages', [
      { chat_id: chatId, seq: 1, sender_type: 'visitor', message_type: 'text', body: 'Yes, shipping takes a week.', is_internal: false, is_read: false, created_at: at },
      { chat_id: chatId, seq: 2, sender_type: 'visitor', message_type: 'text', body: 'Where is my parcel?', is_internal: false, is_read: false, created_at: at },
    ]);
    expect(await migrator.up()).to.deep.equal([MIGRATION, ...later]);
    expect(lines.filter((l) => l.startsWith(MIGRATION)).at(-1)).to.equal(dialect === 'sqlite' ? `${MIGRATION}: indexed 2 of 2 messages for search` : `${MIGRATION}: full-text index built over 2 messages`);
    expect(await found('parcel')).to.deep.equal(['Where is my parcel?']);
  });

  it('finds every word in any order, whole or as a word’s start, not a string of characters', async () => {
    expect(await found('week shipping')).to.deep.equal(['Yes, shipping takes a week.']);
    expect(await found('SHIP')).to.deep.equal(['Yes, shipping takes a week.']);
    expect(await found('shipping month')).to.deep.equal([]);
    expect(await found('hipping')).to.deep.equal([]);
    expect(await found('"parcel* OR week')).to.deep.equal([]);
    expect(await found('parcel*')).to.deep.equal(['Where is my parcel?']);
  });

  it('follows edits and deletions of messages, whoever writes them', async () => {
    const f = factories(db);
    const added = await f.message(chatId, { body: 'Tracking number ZX81' });
    expect(await found('zx81')).to.deep.equal(['Tracking number ZX81']);
    await added.update({ body: 'Tracking number QL42' });
    expect(await found('zx81')).to.deep.equal([]);
    expect(await found('ql42')).to.deep.equal(['Tracking number QL42']);
    await added.destroy();
    expect(await found('ql42')).to.deep.equal([]);
  });
});
