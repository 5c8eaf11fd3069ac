import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { createMigrator } from '../../../lib/db/migrator.js';
import { migrations } from '../../../lib/db/migrations/index.js';
import { searchWorkspace } from '../../../lib/domain/search/searchWorkspace.js';
import { listHistory } from '../../../lib/domain/history/listHistory.js';
import { historyPageQuery } from '../../../lib/domain/history/historyQuery.js';
import type { Database } from '../../../lib/db/index.js';

const MIGRATION = '20261203170000-visitor-search-index';

/** Visitors found by name, e-mail or phone on a full-text index, not a scan of every visitor. */
describeEachDialect('visitor search index', (dialect) => {
  let install: Installed;
  let db: Database;
  let siteA: number;
  let siteB: number;

  before(async () => {
    install = await installFixture(dialect);
    db = install.open();
  });
  after(async () => {
    await db?.close();
    await install?.cleanup();
  });

  const names = async (q: string, clientIds: number[] | null = null) => (await searchWorkspace(db.models, clientIds, { q })).visitors.map((v) => v.name);
  const history = async (q: string, visible: number[] | null) =>
    (await listHistory(db.models, visible, 1, historyPageQuery.parse({ q }))).chats.map((c) => c.visitor.name);

  it('indexes the visitors stored before the migration, showing progress', async () => {
    const lines: string[] = [];
    const migrator = createMigrator(db.sequelize, (p) => p.detail && lines.push(`${p.name}: ${p.detail}`));
    // Back to before the visitor index: every later migration first, newest first.
    const later = migrations.map((m) => m.name).filter((name) => name > MIGRATION);
    expect(await migrator.down({ step: later.length + 1 })).to.deep.equal([...later].reverse().concat(MIGRATION));
    const f = factories(db);
    siteA = (await f.client()).id;
    siteB = (await f.client()).id;
    const vera = await f.visitor(siteA, { name: 'Véra Zebra', email: 'vera.z@shop.test', phone: '+1 555 0100' });
    await f.chat(siteA, vera.id);
    const zed = await f.visitor(siteB, { name: 'Zed Secret', email: 'zed@b.test', phone: '+44 20 7946 0000' });
    await f.chat(siteB, zed.id);
    expect(await migrator.up()).to.deep.equal([MIGRATION, ...later]);
    expect(lines.filter((l) => l.startsWith(MIGRATION))).to.deep.equal([`${MIGRATION}: indexing 2 visitors' names, e-mails and phones for search`, `${MIGRATION}: 2 visitors indexed for search`]);
    expect(await names('zebra')).to.deep.equal(['Véra Zebra']);
  });

  it('finds every word of the name, e-mail or phone, whole or as a word’s start, case and accents aside, on the websites asked', async () => {
    expect(await names('VERA')).to.deep.equal(['Véra Zebra']);
    expect(await names('vera.z@shop')).to.deep.equal(['Véra Zebra']);
    expect(await names('555 0100')).to.deep.equal(['Véra Zebra']);
    expect(await names('7946')).to.deep.equal(['Zed Secret']);
    expect(await names('7946', [siteA])).to.deep.equal([]);
    expect(await names('zebra secret')).to.deep.equal([]);
    expect(await names('ebra')).to.deep.equal([]);
    expect(await names('%%')).to.deep.equal([]);
    expect(await history('zebra', [siteA])).to.deep.equal(['Véra Zebra']);
    expect(await history('zebra', [siteB])).to.deep.equal([]);
    expect(await history('secret 7946', null)).to.deep.equal(['Zed Secret']);
  });

  it('follows new visitors, changed details and deletions', async () => {
    const f = factories(db);
    const late = await f.visitor(siteA, { name: 'Late Comer', email: null, phone: null });
    expect(await names('comer')).to.deep.equal(['Late Comer']);
    await late.update({ name: 'Renamed Person', email: 'renamed@a.test' });
    expect(await names('comer')).to.deep.equal([]);
    expect(await names('renamed@a.test')).to.deep.equal(['Renamed Person']);
    await late.destroy();
    expect(await names('renamed')).to.deep.equal([]);
  });
});
