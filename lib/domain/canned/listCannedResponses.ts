import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';

/**
 * Saved replies for the websites in `scope` (null: every website) and the global ones, by shortcut.
 * The caller has decided which websites the user may see.
 */
export async function listCannedResponses(models: Models, scope: number[] | null) {
  const where = scope ? { [Op.or]: [{ client_id: null }, { client_id: { [Op.in]: scope } }] } : {};
  return models.CannedResponse.findAll({ where, order: [['shortcut', 'ASC'], ['id', 'ASC']] });
}
