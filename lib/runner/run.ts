import { AppError, forbidden } from '../errors.js';
import type { Actor } from '../domain/types.js';
import type { Caller } from '../identity/identity.js';
import { policies, type Policy, type PolicyAsk } from '../policies/registry.js';
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

/** Refuses a caller of the wrong kind before anything else is read. */
function identified(policy: Policy<never, unknown>, caller: Caller): void {
  const kind = caller.identity?.kind;
  if (policy.caller === 'none') return;
  if (!kind) throw unauthenticated();
  if (policy.caller === 'agent' && kind !== 'agent') throw forbidden('Only agents do this.');
  if (policy.caller === 'visitor' && kind !== 'visitor') throw forbidden('Only a visitor does this.');
}

/**
 * The runner: identify -> refuse by role -> validate -> admit (rate limits) -> authorize on the
 * input -> run the one operation in a unit of work (events published after the commit) ->
 * present. It throws what went wrong; the transport maps it (runner/errors.ts) into its reply.
 */
export async function runEntry<Env, Raw>(entry: AnyEntry<Env, Raw>, call: Call<Env>, raw: Raw): Promise<unknown> {
  const policy: Policy<never, unknown> = policies[entry.permission];
  const { caller } = call;
  identified(policy, caller);
  policy.who?.(caller);
  const input = entry.validate(raw);
  if (call.admit) await call.admit(input);
  const grant = policy.what ? await policy.what(caller, (entry.policyInput ? entry.policyInput(input) : input) as never, call.ask) : undefined;
  const actor = actorOf(caller);
  const ctx: RunContext<Env, unknown> = { caller, actor, domain: undefined as never, grant, env: call.env, committed: null, onCommit };
  const result = await withUnitOfWork(
    call.uow,
    actor,
    (domain) => {
      ctx.domain = domain;
      return entry.run(ctx as never, input);
    },
    entry.unitOfWork,
  );
  if (ctx.committed) for (const fn of ctx.committed) fn();
  return entry.present(result, ctx as never);
}

function onCommit(this: RunContext<unknown, unknown>, fn: () => void) {
  (this.committed ??= []).push(fn);
}
