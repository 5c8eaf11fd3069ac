import type { Models } from '../db/models/index.js';
import type { Role, UserRow } from '../db/models/user.js';
import { forbidden, notFound } from '../errors.js';

/**
 * Who may do what. This module is the one place tenancy is decided: routes, socket subscriptions,
 * jobs and downloads all ask it. A resource of a client the user may not see is "not found", so
 * ids of other tenants cannot be probed.
 */
export type Permission =
  | 'clients:manage' // create, edit, disable websites; copy snippets
  | 'agents:manage' // create, edit, disable accounts; assignments
  | 'agents:read' // the list of accounts
  | 'audit:read'
  | 'reports:read'
  | 'chats:read'
  | 'chats:write'; // send, join, transfer, close, upload

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  super_admin: new Set<Permission>(['clients:manage', 'agents:manage', 'agents:read', 'audit:read', 'reports:read', 'chats:read', 'chats:write']),
  manager: new Set<Permission>(['agents:read', 'reports:read', 'chats:read']),
  agent: new Set<Permission>(['chats:read', 'chats:write']),
};

type Subject = Pick<UserRow, 'id' | 'role' | 'is_active'>;

export function can(user: Subject, permission: Permission): boolean {
  return user.is_active && GRANTS[user.role]?.has(permission) === true;
}

export function authorize(user: Subject, permission: Permission): void {
  if (!can(user, permission)) throw forbidden();
}

/** The client ids a user works on: null means every client (super admins and managers). */
export async function visibleClientIds(models: Models, user: Subject): Promise<number[] | null> {
  if (user.role === 'super_admin' || user.role === 'manager') return null;
  const rows = await models.ClientAgent.findAll({ where: { user_id: user.id }, attributes: ['client_id'] });
  return rows.map((r) => r.client_id);
}

export async function canSeeClient(models: Models, user: Subject, clientId: number): Promise<boolean> {
  if (!user.is_active) return false;
  if (user.role === 'super_admin' || user.role === 'manager') return true;
  return (await models.ClientAgent.count({ where: { user_id: user.id, client_id: clientId } })) > 0;
}

export async function assertClientVisible(models: Models, user: Subject, clientId: number, what = 'resource'): Promise<void> {
  if (!(await canSeeClient(models, user, clientId))) throw notFound(what);
}

/** A chat the user may see, or 404. */
export async function findVisibleChat(models: Models, user: Subject, chatId: number) {
  const chat = await models.Chat.findByPk(chatId);
  if (!chat) throw notFound('chat');
  await assertClientVisible(models, user, chat.client_id, 'chat');
  return chat;
}

/** A visitor the user may see, or 404. */
export async function findVisibleVisitor(models: Models, user: Subject, visitorId: number) {
  const visitor = await models.Visitor.findByPk(visitorId);
  if (!visitor) throw notFound('visitor');
  await assertClientVisible(models, user, visitor.client_id, 'visitor');
  return visitor;
}

/** A message the user may see (internal notes included: users are agents), or 404. */
export async function findVisibleMessage(models: Models, user: Subject, messageId: number) {
  const message = await models.Message.findByPk(messageId);
  if (!message) throw notFound('message');
  const chat = await models.Chat.findByPk(message.chat_id, { attributes: ['client_id'] });
  if (!chat) throw notFound('message');
  await assertClientVisible(models, user, chat.client_id, 'message');
  return message;
}

/**
 * Saved replies: super admins write global ones and any website's; an agent writes those of the
 * websites they work on; managers only read. Another website's reply is "not found".
 */
export async function assertMayWriteCanned(models: Models, user: Subject, clientId: number | null, what = 'replies'): Promise<void> {
  authorize(user, 'chats:write');
  if (user.role === 'super_admin') return;
  if (clientId === null) throw forbidden(`Only a super admin writes ${what} for every website.`);
  await assertClientVisible(models, user, clientId, 'client');
}

/** Writing in chats (managers read only). */
export function allowsChatWrite(user: Subject): void {
  if (!can(user, 'chats:write')) throw forbidden('Managers read chats but do not take part in them.');
}
