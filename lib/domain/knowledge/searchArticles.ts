import MiniSearch from 'minisearch';
import type { Models } from '../../db/models/index.js';
import type { KnowledgeArticleRow } from '../../db/models/knowledgeArticle.js';
import { listArticles } from './listArticles.js';

/**
 * Articles ranked for a question (BM25 via MiniSearch: title counts three times, tags twice;
 * prefixes and one typo in longer words match), best first. The index is built from the scope's
 * articles at each search: a knowledge base is a few hundred articles, read in milliseconds, and
 * nothing cached can go stale on another node.
 */
export async function searchArticles(models: Models, scope: number[] | null, q: string, limit: number) {
  const rows = await listArticles(models, scope);
  return rankArticles(rows, q, limit);
}

export function rankArticles(rows: KnowledgeArticleRow[], q: string, limit: number): { article: KnowledgeArticleRow; score: number }[] {
  const index = new MiniSearch<KnowledgeArticleRow>({
    fields: ['title', 'body', 'tags'],
    extractField: (doc, field) => (field === 'tags' ? doc.tags.replace(/,/g, ' ') : (doc as unknown as Record<string, string>)[field]),
    searchOptions: { boost: { title: 3, tags: 2 }, prefix: (term) => term.length > 3, fuzzy: (term) => (term.length > 5 ? 1 : 0), combineWith: 'OR' },
  });
  index.addAll(rows);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return index
    .search(q)
    .slice(0, limit)
    .map((hit) => ({ article: byId.get(hit.id as number)!, score: Math.round(hit.score * 1000) / 1000 }));
}
