/** A LIKE pattern for "contains": `%` and `_` typed by a user are meant literally. */
export const likeTerm = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
