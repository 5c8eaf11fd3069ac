import type { z } from 'zod';
import type { DomainContext } from '../types.js';
import { tagsColumn, type knowledgeArticleInput } from './knowledgeInput.js';

/** Stores a knowledge-base article. The caller has decided the user may write articles for that scope. */
export async function createArticle(ctx: DomainContext, userId: number, input: z.output<typeof knowledgeArticleInput>) {
  return ctx.models.KnowledgeArticle.create(
    { client_id: input.clientId, title: input.title, body: input.body, tags: tagsColumn(input.tags), created_by: userId },
    { transaction: ctx.transaction },
  );
}
