import type { Caller } from '../identity/identity.js';
import { subjectOf } from '../identity/identity.js';
import { AppError, forbidden } from '../errors.js';
import { can, type Permission } from './index.js';
import { resourcePolicies } from './resources.js';
import { inChat, policy, type Policy } from './policy.js';

export type { Policy, PolicyAsk } from './policy.js';

/** A role permission of the signed-in user (lib/policies/index.ts GRANTS). */
const role = (permission: Permission, message?: string) =>
  policy({
    caller: 'agent',
    who(caller) {
      const subject = subjectOf(caller);
      if (!subject || !can(subject, permission)) throw forbidden(message);
    },
  });

const managersOnlyRead = 'Managers read chats but do not take part in them.';
const agentOnly = (message: string) => (caller: Caller) => {
  if (caller.identity?.kind !== 'agent') throw forbidden(message);
};
const takingPart = (caller: Caller) => {
  if (caller.identity?.kind === 'agent' && caller.identity.role === 'manager') throw forbidden(managersOnlyRead);
};

/**
 * Every permission an entry point may declare, by name: the one place that says who may do what.
 * An entry names one of these (the type allows nothing else), and test/unit/entries.test.ts lists
 * every route and frame with its name.
 */
export const policies = {
  /** Anyone, signed in or not (sign-in itself, health, the widget's first call). */
  public: policy({ caller: 'none' }),
  /** Anyone identified: a signed-in user or a visitor with a token (a socket always is). */
  identified: policy({ caller: 'any' }),
  /** Any signed-in dashboard user, whatever the role (what they see is filtered by the operation). */
  'signed.in': policy({ caller: 'agent' }),
  /** The signed-in user's own sign-in, also while a password someone else set waits to be replaced: who am I, sign out, change it. */
  'own.account': policy({ caller: 'agent', beforePasswordChange: true }),
  /** A visitor of an enabled website, from its own pages. */
  visitor: policy({ caller: 'visitor' }),
  /** Listen on a channel: see mayListen. */
  'channel.listen': policy({
    caller: 'any',
    async what(_caller, input: { channel: string }, ask) {
      if (!(await ask.listen(input.channel))) throw new AppError('forbidden_channel', `You may not listen on ${input.channel}.`, 403);
    },
  }),
  /** A visitor opens (or gets back) their chat. */
  'chat.start': policy({
    caller: 'any',
    who(caller) {
      if (caller.identity?.kind !== 'visitor') throw new AppError('visitors_only', 'Only a visitor starts a chat.', 403);
    },
  }),
  /** Write in a chat: the visitor whose chat it is, or an agent of its website (not a manager, who gets not found). */
  'chat.write': policy({ caller: 'any', what: inChat }),
  /** End a chat: its visitor, or an agent of its website. */
  'chat.close': policy({ caller: 'any', who: takingPart, what: inChat }),
  /** Agents' own part in a chat: join, leave, hand over. */
  'chat.handle': policy({
    caller: 'any',
    who(caller) {
      agentOnly('Only agents do this.')(caller);
      takingPart(caller);
    },
    what: inChat,
  }),
  /**
   * The dashboard list's bulk actions: an agent (not a manager), and every chat named one they may
   * act in; one foreign or unknown id and the whole request is not found, nothing changed.
   */
  'chats.bulk': policy({
    caller: 'any',
    who(caller) {
      agentOnly('Only agents do this.')(caller);
      takingPart(caller);
    },
    async what(caller, input: { chatIds: number[] }, ask) {
      for (const chatId of input.chatIds) await inChat(caller, { chatId }, ask);
    },
  }),
  /** An agent's own status. */
  'agent.status': policy({ caller: 'any', who: agentOnly('Only agents have a status.') }),
  'chat.read': role('chats:read'),
  'clients.manage': role('clients:manage'),
  /** Webhook subscriptions and their delivery log: super admins only (they see every website's data). */
  'webhooks.manage': role('clients:manage', 'Only super admins manage webhooks.'),
  'agents.manage': role('agents:manage'),
  'agents.read': role('agents:read'),
  'audit.read': role('audit:read'),
  'reports.read': role('reports:read'),
  // The dashboard's resources and the widget's own chat (lib/policies/resources.ts).
  ...resourcePolicies,
} satisfies Record<string, Policy<never, unknown>>;

type Policies = typeof policies;
export type PolicyName = keyof Policies;
type WhatOf<N extends PolicyName> = NonNullable<Policies[N]['what']>;
/** The input fields a policy reads (an entry's input must have them). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PolicyInput<N extends PolicyName> = WhatOf<N> extends (c: Caller, input: infer I, ...rest: any[]) => unknown ? ([I] extends [never] ? unknown : I) : unknown;
/** What a policy hands the operation. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GrantOf<N extends PolicyName> = WhatOf<N> extends (...args: any[]) => infer G ? Awaited<G> : void;
