import type { Actor, DomainContext } from '../domain/types.js';
import type { Caller } from '../identity/identity.js';
import type { GrantOf, PolicyName } from '../policies/registry.js';
import type { UnitOfWorkMode } from '../domain/unitOfWork.js';
import type { ApiScope } from '../protocol/apiTokens.js';

/** What an entry's operation gets: who calls, the unit of work, what the policy granted, and its transport's own part. */
export interface RunContext<Env, Grant> {
  caller: Caller;
  actor: Actor;
  /** The unit of work: models, the transaction (mode `transaction`), and `emit` for events published after the commit. */
  domain: DomainContext;
  grant: Grant;
  /** The transport's part: its dependencies, and the socket or the HTTP request for what only it can do. */
  env: Env;
  /**
   * Runs `fn` once the unit of work has committed (and its events are out), before presenting:
   * for what must not happen for a change a rollback takes back (following a new chat's channel).
   */
  onCommit(fn: () => void): void;
  /** @internal what onCommit gathered. */
  committed: (() => void)[] | null;
}

/**
 * One declared entry point (an HTTP route, a socket frame): its permission, how its input is
 * validated, its one operation and its presenter. The runner (run.ts) executes every one of them
 * the same way; transports add how they are reached (lib/http/route.ts, lib/realtime/frame.ts).
 */
export interface Entry<Env, Raw, In, P extends PolicyName, R, Out> {
  /** A policy name of lib/policies/registry.ts: the runner asks it before the operation runs. */
  permission: P;
  /**
   * The API token scope it needs (/api/v1 routes): a caller with a token lacking it is refused, and
   * an entry without one refuses every token caller. Cookie and socket callers are not concerned.
   */
  scope?: ApiScope;
  /** Raw input -> typed input; throws an AppError that lists what is wrong (nothing has changed). */
  validate(raw: Raw): In;
  /** What the policy reads of the input, when not the input itself (an HTTP route's parts merged). */
  policyInput?(input: In): unknown;
  /** Whether the operation runs in a transaction (default) or commits by itself / only reads. */
  unitOfWork: UnitOfWorkMode;
  /** The one domain operation. */
  run(ctx: RunContext<Env, GrantOf<P>>, input: In): Promise<R>;
  /** Model -> the shape the client gets (lib/protocol DTOs). */
  present(result: R, ctx: RunContext<Env, GrantOf<P>>): Out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEntry<Env = any, Raw = any> = Entry<Env, Raw, any, PolicyName, any, any>;
