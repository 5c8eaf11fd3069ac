/**
 * The database's full-text query for "every word, each whole or as a word's start" (migration
 * 20261203153000-history-search-indexes): MariaDB/MySQL boolean mode on the FULLTEXT index, or
 * FTS5's query syntax on messages_fts. `words` come from domain/search/searchWords.ts (letters and
 * digits only, so nothing in them is query syntax).
 */
export function fullTextQuery(dialect: 'sqlite' | 'mysql', words: string[]): string {
  if (words.length === 0) throw new Error('fullTextQuery: no words to match');
  return dialect === 'mysql' ? words.map((w) => `+${w}*`).join(' ') : words.map((w) => `"${w}"*`).join(' ');
}

/** A condition "message `alias` contains every word", with its one value. */
export function messageTextMatch(dialect: 'sqlite' | 'mysql', alias: string, words: string[]): { sql: string; values: string[] } {
  const sql = dialect === 'mysql' ? `MATCH(${alias}.body) AGAINST (? IN BOOLEAN MODE)` : `${alias}.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)`;
  return { sql, values: [fullTextQuery(dialect, words)] };
}

/** A condition "visitor `alias` has every word in its name, e-mail or phone" (migration 20261203170000-visitor-search-index), with its one value. */
export function visitorTextMatch(dialect: 'sqlite' | 'mysql', alias: string, words: string[]): { sql: string; values: string[] } {
  const sql = dialect === 'mysql' ? `MATCH(${alias}.name, ${alias}.email, ${alias}.phone) AGAINST (? IN BOOLEAN MODE)` : `${alias}.id IN (SELECT rowid FROM visitors_fts WHERE visitors_fts MATCH ?)`;
  return { sql, values: [fullTextQuery(dialect, words)] };
}
