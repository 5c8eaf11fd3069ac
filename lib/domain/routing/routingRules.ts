import { Op, type Transaction } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { ChatRow } from '../../db/models/chat.js';
import type { RoutingMode } from '../../db/models/department.js';

/** The chats that count against an agent's cap: given to them and not ended. */
export const OPEN_STATUSES = ['waiting', 'active'] as const;
/** An agent's cap when none was read (the column's default). */
export const DEFAULT_MAX_CHATS = 3;

/** The chat's department's mode when it sets one, else its website's. */
export async function routingModeOf(models: Models, chat: Pick<ChatRow, 'client_id' | 'department_id'>, transaction?: Transaction): Promise<RoutingMode> {
  if (chat.department_id) {
    const department = await models.Department.findByPk(chat.department_id, { attributes: ['routing_mode'], transaction });
    if (department?.routing_mode) return department.routing_mode;
  }
  const client = await models.Client.findByPk(chat.client_id, { attributes: ['routing_mode'], transaction });
  return client?.routing_mode ?? 'notify_all';
}

/** Open chats per agent (the agents asked for; those with none are absent). */
export async function openChatCounts(models: Models, agentIds: number[], transaction?: Transaction): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (agentIds.length === 0) return counts;
  const rows = await models.Chat.findAll({
    where: { assigned_agent_id: { [Op.in]: agentIds }, status: { [Op.in]: [...OPEN_STATUSES] } },
    attributes: ['assigned_agent_id'],
    transaction,
  });
  for (const r of rows) counts.set(r.assigned_agent_id!, (counts.get(r.assigned_agent_id!) ?? 0) + 1);
  return counts;
}

/**
 * Who may get the chat now, best first: active agents of its website (of its department, when it
 * has one) whose status is online (not busy, away or offline) and who are under their cap. Round
 * robin takes turns (the lowest turn first); least busy takes the fewest open chats first (then
 * turns). Agents who let this chat pass come last: offered again only when nobody else can take it.
 */
export async function routingCandidates(models: Models, chat: Pick<ChatRow, 'client_id' | 'department_id' | 'routing_passed'>, mode: RoutingMode): Promise<number[]> {
  const members = await models.ClientAgent.findAll({ where: { client_id: chat.client_id }, attributes: ['user_id', 'routing_turn'] });
  let ids = members.map((m) => m.user_id);
  if (chat.department_id) {
    const inDepartment = new Set((await models.DepartmentAgent.findAll({ where: { department_id: chat.department_id }, attributes: ['user_id'] })).map((r) => r.user_id));
    ids = ids.filter((id) => inDepartment.has(id));
  }
  if (ids.length === 0) return [];
  const agents = await models.User.findAll({ where: { id: { [Op.in]: ids }, status: 'online', is_active: true, role: 'agent' }, attributes: ['id', 'max_chats'] });
  const counts = await openChatCounts(models, agents.map((a) => a.id));
  const turn = new Map(members.map((m) => [m.user_id, m.routing_turn]));
  const passed = new Set(chat.routing_passed ?? []);
  const open = (id: number) => counts.get(id) ?? 0;
  return agents
    .filter((a) => open(a.id) < (a.max_chats ?? DEFAULT_MAX_CHATS))
    .sort((a, b) =>
      Number(passed.has(a.id)) - Number(passed.has(b.id)) ||
      (mode === 'least_busy' ? open(a.id) - open(b.id) : 0) ||
      (turn.get(a.id) ?? 0) - (turn.get(b.id) ?? 0) ||
      a.id - b.id,
    )
    .map((a) => a.id);
}
