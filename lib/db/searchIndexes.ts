import type { Sequelize, Transaction } from 'sequelize';

/**
 * After text was erased (GDPR): SQLite's FTS5 tables keep deleted terms in older segments until
 * they are merged, so they are merged now and the erased words leave the file's index too.
 * MariaDB's FULLTEXT indexes are InnoDB's own and follow the rows.
 */
export async function purgeErasedSearchTerms(sequelize: Sequelize, transaction?: Transaction): Promise<void> {
  if (sequelize.getDialect() !== 'sqlite') return;
  for (const table of ['messages_fts', 'visitors_fts']) {
    await sequelize.query(`INSERT INTO ${table}(${table}) VALUES ('optimize')`, { transaction });
  }
}
