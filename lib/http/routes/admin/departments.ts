import { z } from 'zod';
import { createDepartment, deleteDepartment, listDepartments, updateDepartment } from '../../../domain/routing/saveDepartment.js';
import { departmentInput, departmentPatch, routingSettingsInput } from '../../../domain/routing/departmentInput.js';
import { updateRoutingSettings } from '../../../domain/routing/updateRoutingSettings.js';
import { id } from '../../../domain/schemas.js';
import { presentClient, presentDepartment } from '../../../presenters/index.js';
import { route } from '../../route.js';

const ofClient = z.object({ clientId: id });
const byId = z.object({ departmentId: id });

/** A website's departments: anyone who works on it sees them (transfers); super admins manage them. */
const listDepartmentsRoute = route({
  method: 'get',
  path: '/api/clients/:clientId/departments',
  permission: 'client.visible',
  input: { params: ofClient },
  run: (ctx, { params }) => listDepartments(ctx.domain, params.clientId),
  present: (rows) => ({ departments: rows.map(presentDepartment) }),
});

const createDepartmentRoute = route({
  method: 'post',
  path: '/api/clients/:clientId/departments',
  permission: 'client.routing',
  input: { params: ofClient, body: departmentInput },
  status: 201,
  run: (ctx, { params, body }) => createDepartment(ctx.domain, params.clientId, body),
  present: (row) => ({ department: presentDepartment(row) }),
});

const updateDepartmentRoute = route({
  method: 'patch',
  path: '/api/departments/:departmentId',
  permission: 'department.manage',
  input: { params: byId, body: departmentPatch },
  run: (ctx, { body }) => updateDepartment(ctx.domain, ctx.grant, body),
  present: (row) => ({ department: presentDepartment(row) }),
});

const deleteDepartmentRoute = route({
  method: 'delete',
  path: '/api/departments/:departmentId',
  permission: 'department.manage',
  input: { params: byId },
  status: 204,
  run: (ctx) => deleteDepartment(ctx.domain, ctx.grant),
  present: () => null,
});

/** The website's routing mode and hand-off timeout. */
const updateRoutingRoute = route({
  method: 'put',
  path: '/api/clients/:clientId/routing',
  permission: 'client.routing',
  input: { params: ofClient, body: routingSettingsInput },
  run: (ctx, { params, body }) => updateRoutingSettings(ctx.domain, params.clientId, body),
  present: (client) => ({ client: presentClient(client) }),
});

export const departmentRoutes = [listDepartmentsRoute, createDepartmentRoute, updateDepartmentRoute, deleteDepartmentRoute, updateRoutingRoute];
