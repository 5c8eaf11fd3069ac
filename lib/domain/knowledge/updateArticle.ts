import type { z } from 'zod';
import type { DomainContext } from '../types.js';
import type { Instance } from '../../db/models/types.js';
import type { KnowledgeArticleRow } from '../../db/models/knowledgeArticle.js';
import { tagsColumn, type knowledgeArticlePatch } from './knowledgeInput.js';

/** Changes an article (the caller found it and checked both the old and the new scope). */
export async function updateArticle(ctx: DomainContext, row: Instance<KnowledgeArticleRow>, input: z.output<typeof knowledgeArticlePatch>) {
  await row.update(
    {
      ...(input.clientId !== undefined ? { client_id: input.clientId } : {}),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.tags !== undefined ? { tags: tagsColumn(input.tags) } : {}),
    },
    { transaction: ctx.transaction },
  );
  return row;
}
