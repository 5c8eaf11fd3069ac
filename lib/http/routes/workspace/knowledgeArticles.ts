import { z } from 'zod';
import { createArticle } from '../../../domain/knowledge/createArticle.js';
import { updateArticle } from '../../../domain/knowledge/updateArticle.js';
import { deleteArticle } from '../../../domain/knowledge/deleteArticle.js';
import { listArticles } from '../../../domain/knowledge/listArticles.js';
import { searchArticles } from '../../../domain/knowledge/searchArticles.js';
import { importArticles } from '../../../domain/knowledge/importArticles.js';
import { knowledgeArticleInput, knowledgeArticlePatch, knowledgeImportInput, knowledgeSearchInput } from '../../../domain/knowledge/knowledgeInput.js';
import { visibleClientIds } from '../../../policies/index.js';
import { id } from '../../../domain/schemas.js';
import { agentOf, subjectOf, type Caller } from '../../../identity/identity.js';
import type { Models } from '../../../db/models/index.js';
import { presentKnowledgeArticle as present } from '../../../presenters/workspace.js';
import { route } from '../../route.js';

const byId = z.object({ articleId: id });
/** One website asked for (the policy checked it), else every website the user sees; global articles always. */
const scopeOf = async (models: Models, caller: Caller, clientId?: number) => (clientId ? [clientId] : visibleClientIds(models, subjectOf(caller)!));

/** The knowledge base: global articles and those of the user's websites. */
const listArticlesRoute = route({
  method: 'get',
  path: '/api/knowledge-articles',
  permission: 'knowledge.read',
  input: { query: z.object({ clientId: id.optional() }) },
  run: async (ctx, { query }) => listArticles(ctx.domain.models, await scopeOf(ctx.domain.models, ctx.caller, query.clientId)),
  present: (rows) => ({ articles: rows.map(present) }),
});

/** Articles ranked for a question (what the assistant and the composer's search use). */
const searchArticlesRoute = route({
  method: 'get',
  path: '/api/knowledge-articles/search',
  permission: 'knowledge.read',
  input: { query: knowledgeSearchInput },
  run: async (ctx, { query }) => searchArticles(ctx.domain.models, await scopeOf(ctx.domain.models, ctx.caller, query.clientId), query.q, query.limit),
  present: (hits) => ({ results: hits.map((h) => ({ article: present(h.article), score: h.score })) }),
});

const createArticleRoute = route({
  method: 'post',
  path: '/api/knowledge-articles',
  permission: 'knowledge.create',
  input: { body: knowledgeArticleInput },
  status: 201,
  run: (ctx, { body }) => createArticle(ctx.domain, agentOf(ctx.caller).userId, body),
  present: (row) => ({ article: present(row) }),
});

/** Markdown (`# Title` per article, optional `Tags:` line) or CSV (title, body, tags columns): all articles or none. */
const importArticlesRoute = route({
  method: 'post',
  path: '/api/knowledge-articles/import',
  permission: 'knowledge.create',
  input: { body: knowledgeImportInput },
  status: 201,
  run: (ctx, { body }) => importArticles(ctx.domain, agentOf(ctx.caller).userId, body),
  present: (rows) => ({ imported: rows.length, articles: rows.map(present) }),
});

const updateArticleRoute = route({
  method: 'patch',
  path: '/api/knowledge-articles/:articleId',
  permission: 'knowledge.change',
  input: { params: byId, body: knowledgeArticlePatch },
  run: (ctx, { body }) => updateArticle(ctx.domain, ctx.grant, body),
  present: (row) => ({ article: present(row) }),
});

const deleteArticleRoute = route({
  method: 'delete',
  path: '/api/knowledge-articles/:articleId',
  permission: 'knowledge.change',
  input: { params: byId },
  status: 204,
  run: (ctx) => deleteArticle(ctx.domain, ctx.grant),
  present: () => null,
});

export const knowledgeArticleRoutes = [listArticlesRoute, searchArticlesRoute, createArticleRoute, importArticlesRoute, updateArticleRoute, deleteArticleRoute];
