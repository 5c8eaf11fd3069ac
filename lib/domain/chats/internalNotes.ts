import type { Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';

/**
 * The pseudo names an `@Name ...` note may address, per website: its agents and every active super
 * admin. Read only when an agent's message starts with `@` (see messageRules.ts isNoteTo).
 */
export async function agentNamesOf(models: Models, clientIds: number[], transaction?: Transaction): Promise<Map<number, string[]>> {
  const names = new Map<number, string[]>();
  if (clientIds.length === 0) return names;
  const [assigned, admins] = await Promise.all([
    models.ClientAgent.findAll({ where: { client_id: clientIds }, attributes: ['client_id', 'user_id'], transaction }),
    models.User.findAll({ where: { role: 'super_admin', is_active: true }, attributes: ['pseudo_name'], transaction }),
  ]);
  const users = assigned.length ? await models.User.findAll({ where: { id: [...new Set(assigned.map((a) => a.user_id))] }, attributes: ['id', 'pseudo_name'], transaction }) : [];
  const nameOf = new Map(users.map((u) => [u.id, u.pseudo_name]));
  for (const id of clientIds) names.set(id, [...admins.map((a) => a.pseudo_name), ...assigned.filter((a) => a.client_id === id).map((a) => nameOf.get(a.user_id)!)]);
  return names;
}
