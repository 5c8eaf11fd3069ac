import { QueryTypes } from 'sequelize';
import type { Migration } from './types.js';

/** Rows indexed per statement on SQLite: each is a short write transaction, and a progress line. */
const SQLITE_BATCH = 50_000;
const formatCount = (n: number) => n.toLocaleString('en-US');

/**
 * Message search on the database's own full-text index instead of `LIKE '%…%'`, which reads every
 * message. MariaDB/MySQL: a FULLTEXT index on messages.body, kept by InnoDB. SQLite: an FTS5 table
 * over messages (external content: it stores only the index) kept in step by triggers, so every
 * writer of messages (the pipeline, backups' restore, test factories) keeps it current; prefix
 * indexes for 3 to 6 letters make a word's start ("ship" for "shipping") as quick to find as a
 * whole word (without them FTS5 merges every matching term's list before the first row).
 * Existing rows are indexed here, with progress. The chat history (newest first, per website or
 * across them) gets the indexes on chats.started_at it pages by.
 */
export const migration: Migration = {
  name: '20261203153000-history-search-indexes',
  async up(qi, report) {
    const db = qi.sequelize;
    const [{ n }] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM messages', { type: QueryTypes.SELECT });
    const total = Number(n);
    await qi.addIndex('chats', ['started_at', 'id'], { name: 'chats_started' });
    await qi.addIndex('chats', ['client_id', 'started_at', 'id'], { name: 'chats_client_started' });
    if (db.getDialect() !== 'sqlite') {
      report?.(`building the full-text index over ${formatCount(total)} messages (one statement: a few minutes per million)`);
      await db.query('ALTER TABLE messages ADD FULLTEXT INDEX messages_body_fulltext (body)');
      report?.(`full-text index built over ${formatCount(total)} messages`);
      return;
    }
    await db.query("CREATE VIRTUAL TABLE messages_fts USING fts5(body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='3 4 5 6')");
    await db.query('CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body); END');
    await db.query("CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body); END");
    await db.query("CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body); INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body); END");
    let done = 0;
    let after = 0;
    for (;;) {
      const [last] = await db.query<{ id: number | null; n: number }>(
        `SELECT MAX(id) AS id, COUNT(*) AS n FROM (SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT ${SQLITE_BATCH})`,
        { replacements: [after], type: QueryTypes.SELECT },
      );
      if (last.id == null) break;
      await db.query('INSERT INTO messages_fts(rowid, body) SELECT id, body FROM messages WHERE id > ? AND id <= ?', { replacements: [after, last.id] });
      after = Number(last.id);
      done += Number(last.n);
      report?.(`indexed ${formatCount(done)} of ${formatCount(total)} messages for search`);
    }
  },
  async down(qi) {
    const db = qi.sequelize;
    await qi.removeIndex('chats', 'chats_started');
    await qi.removeIndex('chats', 'chats_client_started');
    if (db.getDialect() !== 'sqlite') {
      await db.query('ALTER TABLE messages DROP INDEX messages_body_fulltext');
      // Dropping the index leaves InnoDB's hidden FTS_DOC_ID column behind, and a FULLTEXT index
      // added again over it finds none of the rows already there (MariaDB 10.11): rebuild without it.
      await db.query('ALTER TABLE messages FORCE');
      return;
    }
    for (const trigger of ['messages_fts_insert', 'messages_fts_delete', 'messages_fts_update']) await db.query(`DROP TRIGGER IF EXISTS ${trigger}`);
    await db.query('DROP TABLE IF EXISTS messages_fts');
  },
};
