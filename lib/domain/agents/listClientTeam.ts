import type { Models } from '../../db/models/index.js';

/** The active agents assigned to a website, by pseudo name (whom a chat can be transferred to). */
export async function listClientTeam(models: Models, clientId: number) {
  const rows = await models.ClientAgent.findAll({ where: { client_id: clientId }, attributes: ['user_id'] });
  return models.User.findAll({ where: { id: rows.map((r) => r.user_id), is_active: true }, order: [['pseudo_name', 'ASC']] });
}
