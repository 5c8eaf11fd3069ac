import { parse } from 'csv-parse/sync';
import { ARTICLE_BODY_MAX, type ArticleFields } from './knowledgeInput.js';
import { invalid } from '../../errors.js';

/** An import makes at most this many articles (a bigger knowledge base comes in several files). */
export const IMPORT_MAX_ARTICLES = 500;

const splitTags = (s: string) => s.split(/[,;]/).map((t) => t.trim().toLowerCase()).filter(Boolean);

/**
 * Markdown: each level-1 or level-2 heading (`# Title`) starts an article; a `Tags: a, b` line right
 * under it gives its tags; the text down to the next heading is its body.
 */
export function parseMarkdownArticles(text: string): ArticleFields[] {
  const articles: ArticleFields[] = [];
  let current: { title: string; lines: string[]; tags: string[] } | null = null;
  const flush = () => {
    if (current) articles.push({ title: current.title, body: current.lines.join('\n').trim(), tags: current.tags });
  };
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = /^#{1,2}\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      current = { title: heading[1], lines: [], tags: [] };
      continue;
    }
    if (!current) continue;
    const tags = /^tags:\s*(.*)$/i.exec(line.trim());
    if (tags && current.lines.every((l) => !l.trim())) current.tags = splitTags(tags[1]);
    else current.lines.push(line);
  }
  flush();
  return articles;
}

/** CSV with a header row naming `title` and `body` (and optionally `tags`, comma- or semicolon-separated). */
export function parseCsvArticles(text: string): ArticleFields[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (err) {
    throw invalid(`The CSV could not be read: ${(err as Error).message}`);
  }
  if (records.length && !('title' in records[0] && 'body' in records[0])) throw invalid('The CSV needs a header row with title and body columns (tags optional).');
  return records.map((r) => ({ title: r.title ?? '', body: r.body ?? '', tags: splitTags(r.tags ?? '') }));
}

/** Checks what a file made: something, not too much, every article with a title and a body of a sane size; says which one is wrong. */
export function checkImported(articles: ArticleFields[]): ArticleFields[] {
  if (!articles.length) throw invalid('No article found: Markdown articles start with a "# Title" heading; a CSV needs title and body columns.');
  if (articles.length > IMPORT_MAX_ARTICLES) throw invalid(`At most ${IMPORT_MAX_ARTICLES} articles per import (this file has ${articles.length}).`);
  articles.forEach((a, i) => {
    const which = `Article ${i + 1}${a.title ? ` ("${a.title.slice(0, 60)}")` : ''}`;
    if (!a.title.trim() || a.title.length > 200) throw invalid(`${which}: the title must be 1 to 200 characters.`);
    if (!a.body.trim() || a.body.length > ARTICLE_BODY_MAX) throw invalid(`${which}: the body must be 1 to ${ARTICLE_BODY_MAX} characters.`);
    if (a.tags.some((t) => t.length > 40) || a.tags.join(',').length > 500) throw invalid(`${which}: tags are at most 40 characters each, 500 in all.`);
  });
  return articles;
}
