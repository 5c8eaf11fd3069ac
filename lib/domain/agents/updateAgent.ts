import { z } from 'zod';
import { Op } from 'sequelize';
import type { DomainContext } from '../types.js';
import { parseInput } from '../validate.js';
import { email, personName, pseudoName, role } from '../schemas.js';
import { recordAudit } from '../audit/recordAudit.js';
import { conflict, invalid, notFound } from '../../errors.js';

export const updateAgentInput = z
  .object({ email, name: personName, pseudoName, role, isActive: z.boolean(), maxChats: z.number().int().min(1).max(50), canAssignChats: z.boolean() })
  .partial()
  .strict();

/**
 * An administrator's edit of an account. Disabling also ends its sessions. The last active super
 * admin can be neither disabled nor demoted, so nobody is locked out of the appliance.
 */
export async function updateAgent(ctx: DomainContext, userId: number, raw: z.input<typeof updateAgentInput>) {
  const input = parseInput(updateAgentInput, raw);
  const { models, transaction } = ctx;
  const user = await models.User.findByPk(userId, { transaction });
  if (!user) throw notFound('agent');
  if (input.email && input.email !== user.email) {
    const taken = await models.User.findOne({ where: { email: input.email, id: { [Op.ne]: user.id } }, transaction });
    if (taken) throw conflict(`An account with the e-mail ${input.email} already exists.`);
  }
  const losesAdmin = user.role === 'super_admin' && ((input.role && input.role !== 'super_admin') || input.isActive === false);
  if (losesAdmin) {
    const admins = await models.User.count({ where: { role: 'super_admin', is_active: true }, transaction });
    if (admins <= 1) throw invalid('This is the last active super admin: add another super admin first.');
  }
  const changes: Record<string, unknown> = {};
  if (input.email !== undefined) changes.email = input.email;
  if (input.name !== undefined) changes.name = input.name;
  if (input.pseudoName !== undefined) changes.pseudo_name = input.pseudoName;
  if (input.role !== undefined) changes.role = input.role;
  if (input.isActive !== undefined) changes.is_active = input.isActive;
  if (input.maxChats !== undefined) changes.max_chats = input.maxChats;
  if (input.canAssignChats !== undefined) changes.can_assign_chats = input.canAssignChats;
  const roleChanged = input.role !== undefined && input.role !== user.role;
  await user.update(changes, { transaction });
  if (input.role && input.role !== 'agent') await models.ClientAgent.destroy({ where: { user_id: user.id }, transaction });
  if (input.isActive === false) await models.Session.destroy({ where: { user_id: user.id }, transaction });
  // Open sockets keep no rights the account lost: every node re-checks them after the commit.
  if (input.isActive === false || roleChanged) {
    ctx.emit({ name: 'access.changed', scope: 'user', userId: user.id, reason: input.isActive === false ? 'agent.disabled' : 'agent.role_changed' });
  }
  // A higher cap may let the agent take queued chats: their status is announced again, which moves routing's queues.
  if (input.maxChats !== undefined && user.is_active) {
    const rows = await models.ClientAgent.findAll({ where: { user_id: user.id }, attributes: ['client_id'], transaction });
    ctx.emit({ name: 'agent.status', agentId: user.id, status: user.status, clientIds: rows.map((r) => r.client_id) });
  }
  const action = input.isActive === false ? 'agent.disabled' : input.isActive === true ? 'agent.enabled' : 'agent.updated';
  await recordAudit(ctx, { action, targetType: 'user', targetId: user.id, details: { fields: Object.keys(changes) } });
  return user;
}
