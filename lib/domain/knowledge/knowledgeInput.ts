import { z } from 'zod';
import { multilineText, singleLineText } from '../schemas.js';

export const ARTICLE_BODY_MAX = 20_000;
const tag = z.string().trim().toLowerCase().regex(/^[\p{L}\p{N} _-]{1,40}$/u, 'a tag holds letters, digits, spaces, _ and - (at most 40)');

const fields = {
  clientId: z.number().int().positive().nullable(),
  title: singleLineText.pipe(z.string().trim().min(1, 'must not be empty').max(200)),
  body: multilineText.pipe(z.string().trim().min(1, 'must not be empty').max(ARTICLE_BODY_MAX)),
  tags: z.array(tag).max(20, 'at most 20 tags').refine((t) => t.join(',').length <= 500, 'too many characters of tags (500 at most)'),
};

/** A knowledge-base article; no clientId: every website (super admins only). */
export const knowledgeArticleInput = z.object({ ...fields, clientId: fields.clientId.default(null), tags: fields.tags.default([]) });

/** A change: only the fields given, so an edit never moves an article to another scope by accident. */
export const knowledgeArticlePatch = z.object(fields).partial();

export const knowledgeImportInput = z.object({
  clientId: fields.clientId.default(null),
  format: z.enum(['markdown', 'csv'], { message: 'must be markdown or csv' }),
  /** The file's text: at most 1 MB. */
  text: z.string().min(1, 'must not be empty').max(1_000_000, 'must be at most 1 MB'),
});

export const knowledgeSearchInput = z.object({
  q: z.string().trim().min(1, 'must not be empty').max(500),
  clientId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

export type ArticleFields = Pick<z.output<typeof knowledgeArticleInput>, 'title' | 'body' | 'tags'>;
export const tagsColumn = (tags: string[]) => [...new Set(tags)].join(',');
