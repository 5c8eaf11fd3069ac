import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { searchMessages } from '../../../lib/db/search/searchMessages.js';
import { searchWords } from '../../../lib/domain/search/searchWords.js';
import { AppError } from '../../../lib/errors.js';
import type { Database } from '../../../lib/db/index.js';

/** Bodies with a word in about 40 % of the messages ("order"), rarer ones, accents and case. */
const BODY = (i: number) =>
  i % 5 < 2 ? `Your Order #${i} ships today` : i % 37 === 0 ? `The parcel ${i} is at the Café` : i % 11 === 0 ? `CAFE latte and an ordering question ${i}` : `hello there ${i}`;

/**
 * Search that stays fast for a common word: MariaDB reads the newest messages first and asks the
 * FULLTEXT index only when they do not fill the page; SQLite walks FTS5 newest first. The page must
 * be what the index alone gives, and a search past its time limit answers a clear error.
 */
describeEachDialect('message search at scale', (dialect) => {
  let install: Installed;
  let db: Database;
  let siteA: number;
  let siteB: number;

  before(async function () {
    this.timeout(120_000);
    install = await installFixture(dialect);
    db = install.open();
    const f = factories(db);
    siteA = (await f.client()).id;
    siteB = (await f.client()).id;
    const chats: { id: number }[] = [];
    for (let i = 0; i < 6; i += 1) chats.push(await f.chat(i % 2 ? siteB : siteA, (await f.visitor(i % 2 ? siteB : siteA)).id));
    const rows = Array.from({ length: 600 }, (_, i) => ({ chat_id: chats[i % 6].id, seq: Math.floor(i / 6) + 1, sender_type: 'visitor' as const, body: BODY(i) }));
    await db.models.Message.bulkCreate(rows);
  });
  after(async () => {
    await db?.close();
    await install?.cleanup();
  });

  const search = (q: string, clientIds: number[] | null, limit: number, recentIds?: number) =>
    searchMessages(db.sequelize, searchWords(q), clientIds, limit, { recentIds }).then((found) => found.map((m) => m.id));

  for (const q of ['order', 'ORDER ships', 'parcel', 'cafe', 'café parcel', 'ord', 'latte question', 'nothing', 'there']) {
    it(`gives the index's own newest page for "${q}", however many recent messages are read first`, async () => {
      for (const clientIds of [null, [siteA], [siteB]]) {
        for (const limit of [1, 10, 50]) {
          const indexOnly = await search(q, clientIds, limit, 0);
          expect(await search(q, clientIds, limit, 30), `${q} ${clientIds} ${limit} (30 recent)`).to.deep.equal(indexOnly);
          expect(await search(q, clientIds, limit, 200), `${q} ${clientIds} ${limit} (200 recent)`).to.deep.equal(indexOnly);
          expect(await search(q, clientIds, limit), `${q} ${clientIds} ${limit}`).to.deep.equal(indexOnly);
        }
      }
    });
  }

  it('finds a common word newest first, stopping at the limit', async () => {
    const found = await searchMessages(db.sequelize, ['order'], [siteA], 5);
    expect(found).to.have.length(5);
    expect(found.every((m) => m.clientId === siteA && /order/i.test(m.body))).to.equal(true);
    const ids = found.map((m) => m.id);
    expect(ids).to.deep.equal([...ids].sort((a, b) => b - a));
    const [{ newest }] = await db.sequelize.query<{ newest: number }>(
      `SELECT MAX(m.id) AS newest FROM messages m JOIN chats c ON c.id = m.chat_id WHERE c.client_id = ${siteA} AND m.body LIKE '%Order #%'`,
      { type: 'SELECT' as never },
    );
    expect(ids[0]).to.equal(Number(newest));
  });

  it('answers a search past its time limit with a clear error, not "the database is not answering"', async () => {
    const slow = searchMessages(db.sequelize, ['hello'], [siteA], 50, { timeLimitMs: 1, recentIds: 0 });
    const err = await slow.then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(AppError);
    expect((err as AppError).code).to.equal('search_too_slow');
    expect((err as AppError).status).to.equal(422);
    expect((err as AppError).message).to.match(/took too long: narrow it with a date range/);
    // The database answers the next search as usual.
    expect(await search('parcel', null, 3)).to.have.length(3);
  });
});
