import { QueryTypes } from 'sequelize';
import type { Migration } from './types.js';

const formatCount = (n: number) => n.toLocaleString('en-US');

/**
 * Visitors found by name, e-mail or phone on a full-text index (every word, whole or as a word's
 * start, as messages are: lib/db/search/messageTextMatch.ts) instead of `LIKE '%…%'` on the three
 * columns, which read every visitor. MariaDB/MySQL: a FULLTEXT index on the three columns. SQLite:
 * an FTS5 table over visitors (external content) kept in step by triggers.
 */
export const migration: Migration = {
  name: '20261203170000-visitor-search-index',
  async up(qi, report) {
    const db = qi.sequelize;
    const [{ n }] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM visitors', { type: QueryTypes.SELECT });
    report?.(`indexing ${formatCount(Number(n))} visitors' names, e-mails and phones for search`);
    if (db.getDialect() !== 'sqlite') {
      await db.query('ALTER TABLE visitors ADD FULLTEXT INDEX visitors_contact_fulltext (name, email, phone)');
    } else {
      await db.query("CREATE VIRTUAL TABLE visitors_fts USING fts5(name, email, phone, content='visitors', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='3 4')");
      await db.query('CREATE TRIGGER visitors_fts_insert AFTER INSERT ON visitors BEGIN INSERT INTO visitors_fts(rowid, name, email, phone) VALUES (new.id, new.name, new.email, new.phone); END');
      await db.query("CREATE TRIGGER visitors_fts_delete AFTER DELETE ON visitors BEGIN INSERT INTO visitors_fts(visitors_fts, rowid, name, email, phone) VALUES ('delete', old.id, old.name, old.email, old.phone); END");
      await db.query("CREATE TRIGGER visitors_fts_update AFTER UPDATE OF name, email, phone ON visitors BEGIN INSERT INTO visitors_fts(visitors_fts, rowid, name, email, phone) VALUES ('delete', old.id, old.name, old.email, old.phone); INSERT INTO visitors_fts(rowid, name, email, phone) VALUES (new.id, new.name, new.email, new.phone); END");
      await db.query("INSERT INTO visitors_fts(visitors_fts) VALUES ('rebuild')");
    }
    report?.(`${formatCount(Number(n))} visitors indexed for search`);
  },
  async down(qi) {
    const db = qi.sequelize;
    if (db.getDialect() !== 'sqlite') {
      await db.query('ALTER TABLE visitors DROP INDEX visitors_contact_fulltext');
      // As for messages (20261203153000): drop InnoDB's hidden FTS_DOC_ID column too.
      await db.query('ALTER TABLE visitors FORCE');
      return;
    }
    for (const trigger of ['visitors_fts_insert', 'visitors_fts_delete', 'visitors_fts_update']) await db.query(`DROP TRIGGER IF EXISTS ${trigger}`);
    await db.query('DROP TABLE IF EXISTS visitors_fts');
  },
};
