import { AppError, forbidden } from '../errors.js';
import type { Actor } from '../domain/types.js';
import type { Caller } from '../identity/identity.js';
import { policies, type GrantOf, type Policy, type PolicyAsk, type PolicyName } from '../policies/registry.js';
import type { AnyEntry, RunContext } from './entry.js';
import { withUnitOfWork, type UnitOfWorkDeps } from '../domain/unitOfWork.js';

/** One call of an entry, as its transport hands it over. */
export interface Call<Env> {
  caller: Caller;
  env: Env;
  ask: PolicyAsk;
  uow: UnitOfWorkDeps;
  /** Counts the validated call against the caller's rate limits (sockets); throws `rate_limited`. */
  admit?: (input: unknown) => Promise<unknown> | void;
}

const unauthenticated = () => new AppError('unauthenticated', 'Sign in first.', 401);

/** The domain's name for the caller: who did it, for the audit log and the events. */
export function actorOf(caller: Caller): Actor {
  const id = caller.identity;
  if (!id) return { type: 'system' };
  return id.kind === 'visitor' ? { type: 'visitor', id: id.visitorId, clientId: id.clientId, ip: caller.ip } : { type: 'user', id: id.userId, ip: caller.ip };
}

/** The signed-in user's password was set by someone else (the CLI): until they choose their own, nothing else. */
const passwordChangeRequired = () =>
  new AppError('password_change_required', 'Choose your own password first: the one you signed in with was set for you (PUT /api/profile/password).', 403);

/** An API token reaches only the entries that name a scope it has ('admin' has them all). */
function tokenAllowed(entry: AnyEntry, caller: Caller): void {
  const token = caller.identity?.kind === 'agent' ? caller.identity.token : undefined;
  if (!token) return;
  if (!entry.scope) throw forbidden('An API token is accepted on /api/v1 only.');
  if (!token.scopes.includes(entry.scope) && !token.scopes.includes('admin')) {
    throw new AppError('insufficient_scope', `This API token lacks the scope ${entry.scope}.`, 403);
  }
}

/** Refuses a caller of the wrong kind before anything else is read. */
function identified(policy: Policy<unknown, unknown>, caller: Caller): void {
  const kind = caller.identity?.kind;
  if (policy.caller === 'none') return;
  if (!kind) throw unauthenticated();
  if (caller.account?.user.must_change_password && !policy.beforePasswordChange) throw passwordChangeRequired();
  if (policy.caller === 'agent' && kind !== 'agent') throw forbidden('Only agents do this.');
  if (policy.caller === 'visitor' && kind !== 'visitor') throw forbidden('Only a visitor does this.');
}

/**
 * The runner: identify -> refuse by role -> validate -> admit (rate limits) -> authorize on the
 * input -> run the one operation in a unit of work (events published after the commit) ->
 * present. It throws what went wrong; the transport maps it (runner/errors.ts) into its reply.
 */
export async function runEntry<Env, Raw>(entry: AnyEntry<Env, Raw>, call: Call<Env>, raw: Raw): Promise<unknown> {
  // Any policy reads as one of unknown input: which input fits it is the entry's declaration's (route(), frame()) to check.
  const policy: Policy<unknown, unknown> = policies[entry.permission];
  const { caller } = call;
  identified(policy, caller);
  tokenAllowed(entry, caller);
  policy.who?.(caller);
  const input = entry.validate(raw);
  // Mostly decided on this node with nothing to wait for: no microtask for a message then.
  const admitted = call.admit?.(input);
  if (admitted) await admitted;
  // The grant is what this entry's own policy returned: GrantOf<P> for the P its declaration named
  // (route(), frame() tie the two at compile time; here, with P erased, TypeScript cannot see it).
  // A policy decided at once (a socket's remembered chat answer) is not awaited: no microtask per message.
  const granted = policy.what ? policy.what(caller, entry.policyInput ? entry.policyInput(input) : input, call.ask) : undefined;
  const grant = (granted instanceof Promise ? await granted : granted) as GrantOf<PolicyName>;
  const actor = actorOf(caller);
  // The unit of work hands over the domain context; the same object then goes on to present (onCommit collects on it).
  const { result, ctx } = await withUnitOfWork(
    call.uow,
    actor,
    async (domain) => {
      const ctx: RunContext<Env, GrantOf<PolicyName>> = { caller, actor, grant, env: call.env, domain, committed: null, onCommit };
      return { result: await entry.run(ctx, input), ctx };
    },
    entry.unitOfWork,
  );
  if (ctx.committed) for (const fn of ctx.committed) fn();
  return entry.present(result, ctx);
}

function onCommit(this: RunContext<unknown, unknown>, fn: () => void) {
  (this.committed ??= []).push(fn);
}
