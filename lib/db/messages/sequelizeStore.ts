import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import * as sql from './statements.js';
import type { BatchFacts, BatchRead, BatchWrite } from './statements.js';

/** Whether INSERT ... RETURNING works here: SQLite (3.35+) and MariaDB 10.5+, not MySQL. */
const returningSupport = new WeakMap<Sequelize, Promise<boolean>>();
export function insertReturns(sequelize: Sequelize): Promise<boolean> {
  let known = returningSupport.get(sequelize);
  if (!known) {
    known = sequelize.getDialect() === 'sqlite' ? Promise.resolve(true) : sequelize.databaseVersion().then(mariadbWithReturning);
    returningSupport.set(sequelize, known);
  }
  return known;
}

export function mariadbWithReturning(version: string): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return /mariadb/i.test(version) && !!m && (Number(m[1]) > 10 || (Number(m[1]) === 10 && Number(m[2]) >= 5));
}

/**
 * The batch's statements one by one through Sequelize, in the caller's transaction: the store of
 * SQLite, where a statement costs no round trip, and of every message sent inside a unit of work
 * (chat.start's first message, a proactive greeting, a shared file). Without a transaction it only
 * reads (the cheap checks before an upload is scanned). `returning` overrides what the database is
 * known to support (tests use it to take MySQL's path on MariaDB).
 */
export function sequelizeBatchStore(sequelize: Sequelize, transaction: Transaction | undefined, options: { returning?: boolean } = {}) {
  const select = (s: sql.Statement) => sequelize.query<Record<string, unknown>>(s.sql, { replacements: s.values, transaction, type: QueryTypes.SELECT });
  const run = (s: sql.Statement) => sequelize.query(s.sql, { replacements: s.values, transaction });
  const lock = sequelize.getDialect() !== 'sqlite';
  return {
    async read({ chatIds, sent, agentIds }: BatchRead): Promise<BatchFacts> {
      const chats = sql.parseChats(await select(sql.lockChats(chatIds, lock)));
      const resends = sent.length ? sql.parseResends(await select(sql.findResends(sent))) : new Map();
      const participants = agentIds.length ? sql.parseParticipants(await select(sql.activeParticipants(chatIds, agentIds))) : new Map<string, string>();
      return { chats, resends, participants };
    },
    async write({ counts, rows, firstReplies, now }: BatchWrite) {
      await run(sql.advanceSeqs(counts, now));
      const returning = options.returning ?? (await insertReturns(sequelize));
      let ids: Record<string, unknown>[];
      if (returning) ids = await select(sql.insertMessages(rows, now, true));
      else {
        await run(sql.insertMessages(rows, now, false));
        ids = await select(sql.insertedIds(rows));
      }
      if (firstReplies.length) await run(sql.markFirstResponses(firstReplies, now));
      const webhooks = sql.recordMessageWebhooks(rows, now);
      if (webhooks) await run(webhooks);
      return sql.parseInserted(rows, ids, now);
    },
  };
}
