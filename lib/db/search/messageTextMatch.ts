import { literal, type Sequelize } from 'sequelize';

/**
 * A condition "message `alias` contains every word" on the database's full-text index
 * (migration 20261203153000-history-search-indexes): MariaDB/MySQL's FULLTEXT index in boolean mode,
 * SQLite's FTS5 table messages_fts. `words` come from domain/search/searchWords.ts (letters and
 * digits only, so nothing in them is query syntax); each matches a whole word or a word's start.
 */
export function messageTextMatch(dialect: 'sqlite' | 'mysql', alias: string, words: string[]): { sql: string; values: string[] } {
  if (words.length === 0) throw new Error('messageTextMatch: no words to match');
  if (dialect === 'mysql') return { sql: `MATCH(${alias}.body) AGAINST (? IN BOOLEAN MODE)`, values: [words.map((w) => `+${w}*`).join(' ')] };
  return { sql: `${alias}.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)`, values: [words.map((w) => `"${w}"*`).join(' ')] };
}

/** The same condition as a Sequelize literal, for a model query (`alias`: the quoted table alias Sequelize gives the Message model). */
export function messageTextLiteral(sequelize: Sequelize, alias: string, words: string[]) {
  const { sql, values } = messageTextMatch(sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql', alias, words);
  return literal(sql.replace('?', () => sequelize.escape(values[0])));
}
