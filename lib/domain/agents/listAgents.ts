import type { Models } from '../../db/models/index.js';
import type { Instance } from '../../db/models/types.js';
import type { UserRow } from '../../db/models/user.js';
import { notFound } from '../../errors.js';

/** An account with the websites it is assigned to, as the admin pages show it. */
export interface AgentWithClients {
  user: Instance<UserRow>;
  clientIds: number[];
}

async function clientIdsByUser(models: Models, userIds: number[]) {
  const rows = await models.ClientAgent.findAll({ where: { user_id: userIds }, attributes: ['user_id', 'client_id'] });
  const map = new Map<number, number[]>();
  for (const r of rows) map.set(r.user_id, [...(map.get(r.user_id) ?? []), r.client_id]);
  return map;
}

/** Every account, by name, each with its assigned websites (two queries however many there are). */
export async function listAgents(models: Models): Promise<AgentWithClients[]> {
  const users = await models.User.findAll({ order: [['name', 'ASC']] });
  const assigned = await clientIdsByUser(models, users.map((u) => u.id));
  return users.map((user) => ({ user, clientIds: assigned.get(user.id) ?? [] }));
}

/** One account with its assigned websites, or 404. */
export async function getAgent(models: Models, userId: number): Promise<AgentWithClients> {
  const user = await models.User.findByPk(userId);
  if (!user) throw notFound('agent');
  const assigned = await clientIdsByUser(models, [user.id]);
  return { user, clientIds: assigned.get(user.id) ?? [] };
}
