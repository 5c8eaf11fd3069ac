import type { DomainContext } from '../types.js';
import type { Instance } from '../../db/models/types.js';
import type { UserRow } from '../../db/models/user.js';
import { notFound } from '../../errors.js';

/** An account with the websites it is assigned to, as the admin pages show it. */
export interface AgentWithClients {
  user: Instance<UserRow>;
  clientIds: number[];
}

/** Reads need only the models and, inside a unit of work, its transaction (to see what it wrote). */
type Reader = Pick<DomainContext, 'models' | 'transaction'>;

async function clientIdsByUser({ models, transaction }: Reader, userIds: number[]) {
  const rows = await models.ClientAgent.findAll({ where: { user_id: userIds }, attributes: ['user_id', 'client_id'], transaction });
  const map = new Map<number, number[]>();
  for (const r of rows) map.set(r.user_id, [...(map.get(r.user_id) ?? []), r.client_id]);
  return map;
}

/** Every account, by name, each with its assigned websites (two queries however many there are). */
export async function listAgents(ctx: Reader): Promise<AgentWithClients[]> {
  const users = await ctx.models.User.findAll({ order: [['name', 'ASC']], transaction: ctx.transaction });
  const assigned = await clientIdsByUser(ctx, users.map((u) => u.id));
  return users.map((user) => ({ user, clientIds: assigned.get(user.id) ?? [] }));
}

/** One account with its assigned websites, or 404. */
export async function getAgent(ctx: Reader, userId: number): Promise<AgentWithClients> {
  const user = await ctx.models.User.findByPk(userId, { transaction: ctx.transaction });
  if (!user) throw notFound('agent');
  const assigned = await clientIdsByUser(ctx, [user.id]);
  return { user, clientIds: assigned.get(user.id) ?? [] };
}
