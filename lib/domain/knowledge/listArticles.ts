import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';

/**
 * Articles of the websites in `scope` (null: every website) and the global ones, by title.
 * The caller has decided which websites the user may see.
 */
export async function listArticles(models: Models, scope: number[] | null) {
  const where = scope ? { [Op.or]: [{ client_id: null }, { client_id: { [Op.in]: scope } }] } : {};
  return models.KnowledgeArticle.findAll({ where, order: [['title', 'ASC'], ['id', 'ASC']] });
}
