import type { Models } from '../db/models/index.js';
import type { Caller } from '../identity/identity.js';
import { notFound } from '../errors.js';

/** What a policy may ask beyond the caller: the transport answers (a socket remembers chat answers for a while). */
export interface PolicyAsk {
  models: Models;
  /** May this caller act in this chat (see mayActInChat): the chat's website, or null; a remembered answer comes back at once, not as a promise. */
  actInChat(chatId: number): { clientId: number } | null | Promise<{ clientId: number } | null>;
  /** May this caller listen on this channel (see mayListen). */
  listen(channel: string): Promise<boolean>;
}

/**
 * A named permission. `caller` says who must be identified, and how an HTTP request is: `agent`
 * by the dashboard's session cookie, `visitor` by the widget's token, `any` by whichever the
 * transport has (a socket always has one), `none` not at all (the cookie's user is still passed
 * when there is one). `who` refuses by role or kind before the input is read; `what` decides on
 * the validated input and returns what it learnt (the grant, handed to the operation).
 */
export interface Policy<In = unknown, Grant = void> {
  caller: 'none' | 'any' | 'agent' | 'visitor';
  /**
   * Open to a user who must first replace a password someone else set (users.must_change_password):
   * who am I, sign out, the change itself. Every other entry refuses them (runner/run.ts).
   */
  beforePasswordChange?: true;
  who?(caller: Caller): void;
  what?(caller: Caller, input: In, ask: PolicyAsk): Grant | Promise<Grant>;
}

/** Types a policy by what its `what` reads and returns. */
export const policy = <In = unknown, Grant = void>(p: Policy<In, Grant>) => p;

/** May act in the chat of the input (see mayActInChat): its website, or 404 (a foreign chat is not found). */
export const inChat = (_caller: Caller, input: { chatId: number }, ask: PolicyAsk): { clientId: number } | Promise<{ clientId: number }> => {
  const allowed = ask.actInChat(input.chatId);
  // A socket's remembered answer is decided here and now: no promise to wait for on every message.
  return allowed instanceof Promise ? allowed.then(chatGrant) : chatGrant(allowed);
};
function chatGrant(allowed: { clientId: number } | null) {
  if (!allowed) throw notFound('chat');
  return allowed;
}
