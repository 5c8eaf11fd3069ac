import type { Instance } from '../db/models/types.js';
import type { Role, UserRow } from '../db/models/user.js';
import type { SessionRow } from '../db/models/session.js';
import type { ApiScope } from '../protocol/apiTokens.js';

/**
 * Who is calling, however they proved it: the same shape for an HTTP request, a WebSocket and a
 * long poll, so the runner and the policies never ask how a caller got in.
 */
export type Identity =
  /**
   * `sessionId`: the dashboard session a socket signed in with, re-checked when access changes.
   * `token`: the user called with an API token (/api/v1): the same policies apply, and the route's
   * scope must be one the token has.
   */
  | { kind: 'agent'; userId: number; role: Role; sessionId?: number; token?: { id: number; scopes: readonly ApiScope[] } }
  | { kind: 'visitor'; visitorId: number; clientId: number };

/** An identity with what came with it on this request: the address, and (cookie sign-ins) the loaded rows. */
export interface Caller {
  identity: Identity | null;
  ip: string | null;
  /** The signed-in user's row and session, for a dashboard request (cookie); the row alone for an API token. */
  account?: { user: Instance<UserRow>; session?: Instance<SessionRow> };
}

/** What a policy asks of a user: the loaded row for a cookie request, the frozen identity on a socket (re-checked when access changes). */
export function subjectOf(caller: Caller): Pick<UserRow, 'id' | 'role' | 'is_active'> | null {
  if (caller.account) return caller.account.user;
  const id = caller.identity;
  return id?.kind === 'agent' ? { id: id.userId, role: id.role, is_active: true } : null;
}

/** The visitor calling an entry whose policy admits visitors only (the runner has checked). */
export function visitorOf(caller: Caller): Extract<Identity, { kind: 'visitor' }> {
  if (caller.identity?.kind !== 'visitor') throw new Error('visitorOf: the caller is not a visitor (a policy admitting visitors only was expected)');
  return caller.identity;
}

/** The agent calling an entry whose policy admits agents only (the runner has checked). */
export function agentOf(caller: Caller): Extract<Identity, { kind: 'agent' }> {
  if (caller.identity?.kind !== 'agent') throw new Error('agentOf: the caller is not an agent (a policy admitting agents only was expected)');
  return caller.identity;
}
