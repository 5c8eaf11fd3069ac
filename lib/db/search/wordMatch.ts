/**
 * "Has every word, each whole or as a word's start", decided in code the way the full-text
 * indexes decide it (FTS5 unicode61 with diacritics removed, MariaDB's FULLTEXT on a
 * case- and accent-insensitive collation): letters and digits make words, case and accents do not
 * count. `words` come from searchWords (lower case, letters and digits only).
 */
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();

export function hasEveryWord(body: string, words: string[]): boolean {
  const tokens = fold(body).match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map(fold).every((w) => tokens.some((t) => t.startsWith(w)));
}
