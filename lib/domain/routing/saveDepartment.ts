import type { z } from 'zod';
import { Op } from 'sequelize';
import type { DomainContext } from '../types.js';
import type { DepartmentRow } from '../../db/models/department.js';
import type { Instance } from '../../db/models/types.js';
import { conflict, invalid } from '../../errors.js';
import { recordAudit } from '../audit/recordAudit.js';
import type { departmentInput, departmentPatch } from './departmentInput.js';

/** A department with its agents' ids, as the dashboard and the widget list it. */
export interface DepartmentWithAgents {
  department: Instance<DepartmentRow>;
  agentIds: number[];
}

async function assertNameFree(ctx: DomainContext, clientId: number, name: string, exceptId?: number) {
  const taken = await ctx.models.Department.findOne({ where: { client_id: clientId, name, ...(exceptId ? { id: { [Op.ne]: exceptId } } : {}) }, transaction: ctx.transaction });
  if (taken) throw conflict(`This website already has a department named ${name}.`);
}

/** Only agents assigned to the website may be in its departments. */
async function setMembers(ctx: DomainContext, department: Instance<DepartmentRow>, agentIds: number[]) {
  const { models, transaction } = ctx;
  const ids = [...new Set(agentIds)];
  const assigned = ids.length ? await models.ClientAgent.findAll({ where: { client_id: department.client_id, user_id: { [Op.in]: ids } }, attributes: ['user_id'], transaction }) : [];
  if (assigned.length !== ids.length) {
    const known = new Set(assigned.map((a) => a.user_id));
    throw invalid(`Only agents of this website can be in its departments (not: ${ids.filter((id) => !known.has(id)).join(', ')}).`);
  }
  await models.DepartmentAgent.destroy({ where: { department_id: department.id }, transaction });
  if (ids.length) await models.DepartmentAgent.bulkCreate(ids.map((user_id) => ({ department_id: department.id, user_id })), { transaction });
  return ids;
}

/** Adds a department to a website (the caller has checked the website exists and the user may manage it). */
export async function createDepartment(ctx: DomainContext, clientId: number, input: z.output<typeof departmentInput>): Promise<DepartmentWithAgents> {
  await assertNameFree(ctx, clientId, input.name);
  const department = await ctx.models.Department.create({ client_id: clientId, name: input.name, routing_mode: input.routingMode }, { transaction: ctx.transaction });
  const agentIds = await setMembers(ctx, department, input.agentIds);
  await recordAudit(ctx, { action: 'department.created', targetType: 'department', targetId: department.id, details: { clientId, name: input.name } });
  return { department, agentIds };
}

/** Renames a department, changes its routing mode or its agents (the grant is the department). */
export async function updateDepartment(ctx: DomainContext, department: Instance<DepartmentRow>, input: z.output<typeof departmentPatch>): Promise<DepartmentWithAgents> {
  if (input.name !== undefined && input.name !== department.name) await assertNameFree(ctx, department.client_id, input.name, department.id);
  await department.update({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.routingMode !== undefined ? { routing_mode: input.routingMode } : {}) }, { transaction: ctx.transaction });
  const agentIds = input.agentIds
    ? await setMembers(ctx, department, input.agentIds)
    : (await ctx.models.DepartmentAgent.findAll({ where: { department_id: department.id }, attributes: ['user_id'], transaction: ctx.transaction })).map((r) => r.user_id);
  await recordAudit(ctx, { action: 'department.updated', targetType: 'department', targetId: department.id, details: { fields: Object.keys(input) } });
  return { department, agentIds };
}

/** Deletes a department: its chats keep going, without a department. */
export async function deleteDepartment(ctx: DomainContext, department: Instance<DepartmentRow>): Promise<void> {
  const { models, transaction } = ctx;
  await models.Chat.update({ department_id: null }, { where: { department_id: department.id }, transaction });
  await models.DepartmentAgent.destroy({ where: { department_id: department.id }, transaction });
  await department.destroy({ transaction });
  await recordAudit(ctx, { action: 'department.deleted', targetType: 'department', targetId: department.id, details: { name: department.name } });
}

/** A website's departments, by name, with their agents. */
export async function listDepartments(ctx: Pick<DomainContext, 'models' | 'transaction'>, clientId: number): Promise<DepartmentWithAgents[]> {
  const departments = await ctx.models.Department.findAll({ where: { client_id: clientId }, order: [['name', 'ASC']], transaction: ctx.transaction });
  if (departments.length === 0) return [];
  const members = await ctx.models.DepartmentAgent.findAll({ where: { department_id: { [Op.in]: departments.map((d) => d.id) } }, transaction: ctx.transaction });
  return departments.map((department) => ({ department, agentIds: members.filter((m) => m.department_id === department.id).map((m) => m.user_id) }));
}
