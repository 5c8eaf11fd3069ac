import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';

/** Clients by name; `ids` narrows to the ones a user may see (null: all). */
export async function listClients(models: Models, options: { ids?: number[] | null; includeInactive?: boolean } = {}) {
  const where: Record<string, unknown> = {};
  if (options.ids) where.id = { [Op.in]: options.ids };
  if (!options.includeInactive) where.is_active = true;
  return models.Client.findAll({ where, order: [['name', 'ASC']] });
}
