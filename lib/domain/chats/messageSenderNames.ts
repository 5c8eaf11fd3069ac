import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { MessageRow } from '../../db/models/message.js';

/** The names shown beside stored messages (agents' pseudo names, the visitor's name), in two queries. */
export async function messageSenderNames(models: Models, messages: Pick<MessageRow, 'sender_type' | 'sender_id'>[]) {
  const ids = (type: string) => [...new Set(messages.filter((m) => m.sender_type === type && m.sender_id).map((m) => m.sender_id!))];
  const [users, visitors] = await Promise.all([
    ids('agent').length ? models.User.findAll({ where: { id: { [Op.in]: ids('agent') } }, attributes: ['id', 'pseudo_name'] }) : [],
    ids('visitor').length ? models.Visitor.findAll({ where: { id: { [Op.in]: ids('visitor') } }, attributes: ['id', 'name'] }) : [],
  ]);
  const agentNames = new Map(users.map((u) => [u.id, u.pseudo_name]));
  const visitorNames = new Map(visitors.map((v) => [v.id, v.name]));
  return (m: Pick<MessageRow, 'sender_type' | 'sender_id'>) =>
    m.sender_type === 'agent' ? agentNames.get(m.sender_id!) ?? null : m.sender_type === 'visitor' ? visitorNames.get(m.sender_id!) ?? null : null;
}
