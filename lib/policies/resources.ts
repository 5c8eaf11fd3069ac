import type { Caller } from '../identity/identity.js';
import { subjectOf } from '../identity/identity.js';
import { forbidden, notFound } from '../errors.js';
import { inChat, policy, type Policy } from './policy.js';
import { allowsChatWrite, assertClientVisible, assertMayWriteCanned, can, findVisibleChat, findVisibleVisitor, type Permission } from './index.js';

/** The signed-in user a dashboard policy decides for (the runner has checked the caller is an agent). */
const userOf = (caller: Caller) => {
  const subject = subjectOf(caller);
  if (!subject) throw forbidden();
  return subject;
};

const assignersOnly = 'Only a super admin, or a manager given the right, assigns chats by hand.';

const roleFirst = (permission: Permission) => (caller: Caller) => {
  if (!can(userOf(caller), permission)) throw forbidden();
};

/**
 * The dashboard's resources, by tenancy: a website, chat or visitor the user may not see is "not
 * found" (ids of other tenants cannot be probed). Each one hands the operation what it loaded.
 * Spread into the registry (registry.ts), so every name is declared in one list.
 */
export const resourcePolicies = {
  /** A website the signed-in user works on (managers and super admins: all). */
  'client.visible': policy({
    caller: 'agent',
    what: (caller, input: { clientId: number }, ask) => assertClientVisible(ask.models, userOf(caller), input.clientId, 'client'),
  }),
  /** Block visitors of a website the user works on, or lift a block (managers read only: refused). */
  'visitors.block': policy({
    caller: 'agent',
    async what(caller, input: { clientId: number }, ask) {
      await assertClientVisible(ask.models, userOf(caller), input.clientId, 'client');
      allowsChatWrite(userOf(caller));
    },
  }),
  /** A chat of a website the user works on; the grant is the chat. */
  'chat.visible': policy({
    caller: 'agent',
    what: (caller, input: { chatId: number }, ask) => findVisibleChat(ask.models, userOf(caller), input.chatId),
  }),
  /** A visitor of a website the user works on; the grant is the visitor. */
  'visitor.visible': policy({
    caller: 'agent',
    what: (caller, input: { visitorId: number }, ask) => findVisibleVisitor(ask.models, userOf(caller), input.visitorId),
  }),
  /** A visitor's personal data requests (GDPR export and erase): super admins only. */
  'visitor.data': policy({
    caller: 'agent',
    who(caller) {
      if (userOf(caller).role !== 'super_admin') throw forbidden('Only super admins erase a visitor.');
    },
    what: (caller, input: { visitorId: number }, ask) => findVisibleVisitor(ask.models, userOf(caller), input.visitorId),
  }),
  /** Greet a visitor the user sees with a chat of their own (managers read only). */
  'visitor.engage': policy({
    caller: 'agent',
    async what(caller, input: { visitorId: number }, ask) {
      const visitor = await findVisibleVisitor(ask.models, userOf(caller), input.visitorId);
      allowsChatWrite(userOf(caller));
      return visitor;
    },
  }),
  /** Read saved replies: of one website the user works on when it is asked for (clientId), else their own scope. */
  'canned.read': policy({
    caller: 'agent',
    async what(caller, input: { clientId?: number }, ask) {
      if (input.clientId) await assertClientVisible(ask.models, userOf(caller), input.clientId, 'client');
    },
  }),
  /** Write a saved reply for the scope asked (none: every website, super admins only). */
  'canned.create': policy({
    caller: 'agent',
    what: (caller, input: { clientId?: number | null }, ask) => assertMayWriteCanned(ask.models, userOf(caller), input.clientId ?? null),
  }),
  /** Change or delete a saved reply: one the user sees and may write, moved (clientId) only to a scope they may write; the grant is the reply. */
  'canned.change': policy({
    caller: 'agent',
    async what(caller, input: { cannedId: number; clientId?: number | null }, ask) {
      const user = userOf(caller);
      const row = await ask.models.CannedResponse.findByPk(input.cannedId);
      if (!row) throw notFound('saved reply');
      if (row.client_id !== null) await assertClientVisible(ask.models, user, row.client_id, 'saved reply');
      await assertMayWriteCanned(ask.models, user, row.client_id);
      if (input.clientId !== undefined) await assertMayWriteCanned(ask.models, user, input.clientId);
      return row;
    },
  }),
  /** Read or search the knowledge base: of one website the user works on when it is asked for (clientId), else their own scope. */
  'knowledge.read': policy({
    caller: 'agent',
    async what(caller, input: { clientId?: number }, ask) {
      if (input.clientId) await assertClientVisible(ask.models, userOf(caller), input.clientId, 'client');
    },
  }),
  /** Write articles for the scope asked (none: every website, super admins only): the rule of saved replies. */
  'knowledge.create': policy({
    caller: 'agent',
    what: (caller, input: { clientId?: number | null }, ask) => assertMayWriteCanned(ask.models, userOf(caller), input.clientId ?? null, 'articles'),
  }),
  /** Change or delete an article the user sees and may write, moved (clientId) only to a scope they may write; the grant is the article. */
  'knowledge.change': policy({
    caller: 'agent',
    async what(caller, input: { articleId: number; clientId?: number | null }, ask) {
      const user = userOf(caller);
      const row = await ask.models.KnowledgeArticle.findByPk(input.articleId);
      if (!row) throw notFound('article');
      if (row.client_id !== null) await assertClientVisible(ask.models, user, row.client_id, 'article');
      await assertMayWriteCanned(ask.models, user, row.client_id, 'articles');
      if (input.clientId !== undefined) await assertMayWriteCanned(ask.models, user, input.clientId, 'articles');
      return row;
    },
  }),
  /** An agent shares a file in a chat of their website (managers: refused by role before the chat is looked up). */
  'chat.upload': policy({ caller: 'agent', who: roleFirst('chats:write'), what: inChat }),
  /** Manage a website's departments and routing (super admins); another website's id is not found. */
  'client.routing': policy({
    caller: 'agent',
    who: roleFirst('clients:manage'),
    what: (caller, input: { clientId: number }, ask) => assertClientVisible(ask.models, userOf(caller), input.clientId, 'client'),
  }),
  /** Change or delete a department (super admins); the grant is the department. */
  'department.manage': policy({
    caller: 'agent',
    who: roleFirst('clients:manage'),
    async what(caller, input: { departmentId: number }, ask) {
      const department = await ask.models.Department.findByPk(input.departmentId);
      if (!department) throw notFound('department');
      await assertClientVisible(ask.models, userOf(caller), department.client_id, 'department');
      return department;
    },
  }),
  /** Assign a waiting chat by hand: super admins, and managers given the right; the grant is the chat. */
  'chat.assign': policy({
    caller: 'agent',
    who(caller) {
      const user = userOf(caller);
      if (!user.is_active || (user.role !== 'super_admin' && user.role !== 'manager')) throw forbidden(assignersOnly);
    },
    async what(caller, input: { chatId: number }, ask) {
      const user = userOf(caller);
      if (user.role === 'manager' && !(await ask.models.User.findByPk(user.id, { attributes: ['can_assign_chats'] }))?.can_assign_chats) throw forbidden(assignersOnly);
      return findVisibleChat(ask.models, user, input.chatId);
    },
  }),
  /** A visitor acts in their own chat (shares a file); the grant is the chat's website. */
  'visitor.chat': policy({ caller: 'visitor', what: inChat }),
} satisfies Record<string, Policy<never, unknown>>;
