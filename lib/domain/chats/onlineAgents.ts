import { Op, type Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';

/** Active agents assigned to a website who are at work: online, or busy (a chat waits for them rather than being an offline message). */
export async function onlineAgentIds(models: Models, clientId: number, transaction?: Transaction): Promise<number[]> {
  const rows = await models.ClientAgent.findAll({ where: { client_id: clientId }, attributes: ['user_id'], transaction });
  if (rows.length === 0) return [];
  const online = await models.User.findAll({
    where: { id: { [Op.in]: rows.map((r) => r.user_id) }, status: { [Op.in]: ['online', 'busy'] }, is_active: true, role: 'agent' },
    attributes: ['id'],
    transaction,
  });
  return online.map((u) => u.id);
}
