import type { z } from 'zod';
import type { DomainContext } from '../types.js';
import { tagsColumn, type knowledgeImportInput } from './knowledgeInput.js';
import { checkImported, parseCsvArticles, parseMarkdownArticles } from './parseImport.js';

/** Makes articles from a Markdown or CSV text, all or none (one transaction). The caller checked the scope. */
export async function importArticles(ctx: DomainContext, userId: number, input: z.output<typeof knowledgeImportInput>) {
  const parsed = checkImported(input.format === 'csv' ? parseCsvArticles(input.text) : parseMarkdownArticles(input.text));
  return ctx.models.KnowledgeArticle.bulkCreate(
    parsed.map((a) => ({ client_id: input.clientId, title: a.title.trim(), body: a.body.trim(), tags: tagsColumn(a.tags), created_by: userId })),
    { transaction: ctx.transaction },
  );
}
