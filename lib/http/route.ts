import type { z } from 'zod';
import { AppError } from '../errors.js';
import { parseInput } from '../domain/validate.js';
import type { Caller } from '../identity/identity.js';
import { identifyByVisitorToken, type VisitorRefusal } from '../identity/visitorToken.js';
import { identifyByApiToken, isApiTokenSecret } from '../identity/apiToken.js';
import type { ApiScope } from '../protocol/apiTokens.js';
import { policies, type GrantOf, type PolicyInput, type PolicyName } from '../policies/registry.js';
import { askDatabase } from '../policies/ask.js';
import type { Entry, RunContext } from '../runner/entry.js';
import { runEntry } from '../runner/run.js';
import type { UnitOfWorkMode } from '../domain/unitOfWork.js';
import type { AppContext, AppDeps, AppRouter, Middleware } from './types.js';
import { widgetCors } from './routes/widget/cors.js';
import { ownOrigins } from './middleware/session.js';
import { unitOfWorkDeps } from '../runner/unitOfWorkDeps.js';

/** What an HTTP route's operation may reach besides the domain: the app's dependencies and, for what only HTTP does (cookies, headers, streams), the request. */
export interface HttpEnv {
  deps: AppDeps;
  http: AppContext;
  /** The success status a route's `status(result)` chose for this call. */
  status?: number;
}

type Schema = z.ZodType;
/** Where a route's input comes from: each part validated by its own schema (a 422 lists what is wrong). */
interface HttpInputSchemas {
  params?: Schema;
  query?: Schema;
  body?: Schema;
}
type Part<S> = S extends Schema ? z.output<S> : undefined;
type HttpInput<I extends HttpInputSchemas> = { params: Part<I['params']>; query: Part<I['query']>; body: Part<I['body']> };

interface RouteDeclaration<I extends HttpInputSchemas, P extends PolicyName, R, Out> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  /** A policy name (lib/policies/registry.ts); its input fields must be in the route's input. */
  permission: P;
  /** An /api/v1 route: the API token scope it needs (the caller may also be the dashboard's cookie). */
  scope?: ApiScope;
  /** An /api/v1 route's OpenAPI part: what it does, and the schema of its answer (the request's are `input`). */
  doc?: RouteDoc;
  input?: I;
  /** Default: `none` for GET, `transaction` otherwise. */
  unitOfWork?: UnitOfWorkMode;
  /** Called from customers' websites: CORS for any origin, and an OPTIONS preflight beside the route. */
  cors?: 'widget';
  /** Middleware before the runner, built once with the app's dependencies (rate limits). */
  before?: (deps: AppDeps) => Middleware[];
  /** The status of a success (default 200), or one chosen by the result (201 created, 200 when it already was). */
  status?: number | ((result: NoInfer<R>) => number);
  run(ctx: RunContext<HttpEnv, GrantOf<P>>, input: HttpInput<I>): Promise<R>;
  /** The response body; `undefined` when the operation answered itself (a file stream, a redirect). */
  present(result: R, ctx: RunContext<HttpEnv, GrantOf<P>>): Out;
}

export interface HttpRoute<P extends PolicyName = PolicyName> extends Entry<HttpEnv, AppContext, unknown, P, unknown, unknown> {
  method: RouteDeclaration<HttpInputSchemas, P, unknown, unknown>['method'];
  path: string;
  cors?: 'widget';
  before?: (deps: AppDeps) => Middleware[];
  status?: number | ((result: never) => number);
  /** The declared schemas, for the OpenAPI document of /api/v1. */
  input?: HttpInputSchemas;
  doc?: RouteDoc;
}

export interface RouteDoc {
  summary: string;
  /** Groups routes in the document (OpenAPI tags). */
  tag: string;
  /** The success answer's shape. */
  output: Schema;
  /** Its media type, when not JSON (a ZIP download). */
  contentType?: string;
}

/**
 * Declares an HTTP route (see docs/architecture.md, "How an entry point is written"). A route that
 * names no permission, or one whose policy reads input the route does not have, does not compile.
 */
export function route<I extends HttpInputSchemas, P extends PolicyName, R, Out>(
  declaration: RouteDeclaration<I, P, R, Out> & (Flat<I> extends PolicyInput<P> ? unknown : { input: { missingForPolicy: PolicyInput<P> } }),
): HttpRoute<P> {
  const { input = {} as I } = declaration;
  // The type already demands a policy name; this catches a cast or a plain-JS caller at start-up.
  if (!Object.hasOwn(policies, declaration.permission)) {
    throw new Error(`${declaration.method.toUpperCase()} ${declaration.path} declares no known permission (${String(declaration.permission)}): name a policy of lib/policies/registry.ts.`);
  }
  return {
    ...declaration,
    unitOfWork: declaration.unitOfWork ?? (declaration.method === 'get' ? 'none' : 'transaction'),
    validate: (ctx: AppContext) => ({
      params: input.params ? parseInput(input.params, ctx.params) : undefined,
      query: input.query ? parseInput(input.query, ctx.query) : undefined,
      body: input.body ? parseInput(input.body, ctx.request.body ?? {}) : undefined,
    }),
    policyInput: flatten,
    run: declaration.run as HttpRoute['run'],
    present: (typeof declaration.status === 'function'
      ? (result: R, ctx: RunContext<HttpEnv, GrantOf<P>>) => {
          ctx.env.status = (declaration.status as (result: R) => number)(result);
          return declaration.present(result, ctx);
        }
      : declaration.present) as HttpRoute['present'],
  } as HttpRoute<P>;
}
/** A policy reads its fields (`chatId`) from the route's input parts merged: params over body over query. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type Fields<S> = S extends Schema ? z.output<S> : {};
type Flat<I extends HttpInputSchemas> = Fields<I['query']> & Fields<I['body']> & Fields<I['params']>;
const flatten = (input: { params?: unknown; query?: unknown; body?: unknown }) => ({ ...(input.query as object), ...(input.body as object), ...(input.params as object) });

const VISITOR_REFUSALS: Record<VisitorRefusal, (websiteName?: string) => AppError> = {
  invalid_token: () => new AppError('unauthenticated', 'A valid visitor token is required (Authorization: Bearer <token>): reload the page.', 401),
  website_disabled: () => new AppError('unauthenticated', 'This website is disabled.', 401),
  origin_not_allowed: (name) => new AppError('origin_not_allowed', `The widget of ${name} may only run on its own domains.`, 403),
};

/**
 * The caller of a request, by the credential the route's policy names: the session cookie
 * (already read by loadSession, which also refuses it to a cross-site write) or the widget's
 * visitor token (Authorization: Bearer, or `token` in the body for beacons).
 */
export async function httpCaller(ctx: AppContext, deps: AppDeps, wants: 'none' | 'any' | 'agent' | 'visitor', scope?: ApiScope): Promise<Caller> {
  const auth = ctx.state.auth;
  const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
  if (scope && bearer) {
    // An /api/v1 route with a bearer credential: an API token, and nothing else.
    const found = isApiTokenSecret(bearer) ? await identifyByApiToken(deps.db.models, bearer, deps.clock.now(), ctx.ip) : null;
    if (!found) throw new AppError('invalid_token', 'This API token is unknown, revoked, or its user is disabled.', 401);
    return { identity: found.identity, ip: ctx.ip, account: found.account };
  }
  if (wants === 'visitor' || (wants === 'any' && !auth && ctx.get('authorization'))) {
    const body = ctx.request.body;
    const bodyToken = (typeof body === 'object' && body !== null && 'token' in body ? body.token : undefined);
    const token = bearer ?? (typeof bodyToken === 'string' ? bodyToken : undefined);
    const found = await identifyByVisitorToken({ models: deps.db.models, secret: deps.config.secrets.visitorToken, now: deps.clock.now(), origin: ctx.get('origin') || undefined, ownOrigins: ownOrigins(ctx, new URL(deps.config.publicUrl).origin) }, token);
    if (!found.ok) throw VISITOR_REFUSALS[found.refusal](found.websiteName);
    return { identity: found.identity, ip: ctx.ip };
  }
  if (!auth) {
    if (wants !== 'none') throw ctx.state.csrfRefusal ?? new AppError('unauthenticated', 'Sign in first.', 401);
    return { identity: null, ip: ctx.ip };
  }
  return { identity: { kind: 'agent', userId: auth.user.id, role: auth.user.role, sessionId: auth.session.id }, ip: ctx.ip, account: auth };
}

/** Marks the handlers mountRoutes makes, so a test can tell a declared layer from one mounted by hand. */
export const DECLARED = Symbol('declared route');
type DeclaredHandler = Middleware & { [DECLARED]: HttpRoute };

/** Mounts declared routes, and only those: each one's handler runs it through the runner. */
export function mountRoutes(router: AppRouter, deps: AppDeps, list: readonly HttpRoute[]): void {
  const uow = unitOfWorkDeps(deps.db, deps.bus);
  for (const declared of list) {
    const wants = policies[declared.permission].caller;
    const handler: DeclaredHandler = Object.assign(async (ctx: AppContext) => {
      const caller = await httpCaller(ctx, deps, wants, declared.scope);
      const env: HttpEnv = { deps, http: ctx };
      const body = await runEntry(declared, { caller, env, ask: askDatabase(deps.db.models, caller.identity), uow }, ctx);
      if (body !== undefined) {
        ctx.status = env.status ?? (typeof declared.status === 'number' ? declared.status : 200);
        ctx.body = body;
      }
    }, { [DECLARED]: declared });
    const before = declared.before?.(deps) ?? [];
    if (declared.cors === 'widget') {
      const preflight: DeclaredHandler = Object.assign((ctx: AppContext, next: () => Promise<unknown>) => widgetCors(ctx, next), { [DECLARED]: declared });
      router.options(declared.path, preflight);
      router[declared.method](declared.path, widgetCors, ...before, handler);
    } else router[declared.method](declared.path, ...before, handler);
  }
}
