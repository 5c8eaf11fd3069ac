import type { DomainContext } from '../types.js';
import type { Instance } from '../../db/models/types.js';
import type { KnowledgeArticleRow } from '../../db/models/knowledgeArticle.js';

/** Deletes an article (the caller found it and checked the user may write articles of its scope). */
export async function deleteArticle(ctx: DomainContext, row: Instance<KnowledgeArticleRow>) {
  await row.destroy({ transaction: ctx.transaction });
}
