/** The shortest word a full-text index holds (MariaDB's innodb_ft_min_token_size; SQLite is held to the same rule so both answer alike). */
export const MIN_WORD_LENGTH = 3;
const MAX_WORDS = 8;

/**
 * The words of a message search, as the full-text index sees them: letters and digits, lower
 * case, at least MIN_WORD_LENGTH long, at most MAX_WORDS. A message matches when it has every
 * word, each as a whole word or the start of one ("ship" finds "shipping"). Punctuation typed by
 * the user (`%`, quotes, operators) is never passed to the index's query syntax.
 */
export function searchWords(q: string): string[] {
  const words = q.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= MIN_WORD_LENGTH))].slice(0, MAX_WORDS);
}
