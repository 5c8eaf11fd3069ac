import type { z } from 'zod';
import { parseInput } from '../../domain/validate.js';
import type { Actor, DomainContext } from '../../domain/types.js';
import { withUnitOfWork } from '../../domain/unitOfWork.js';
import type { AppContext, AppDeps } from '../types.js';
import { authorize, type Permission } from '../../policies/index.js';
import { AppError } from '../../errors.js';

/** The signed-in user (routes behind requireAuth). */
export function currentUser(ctx: AppContext) {
  const auth = ctx.state.auth;
  if (!auth) throw new AppError('unauthenticated', 'Sign in first.', 401);
  return auth.user;
}

export function actorOf(ctx: AppContext): Actor {
  return { type: 'user', id: currentUser(ctx).id, ip: ctx.ip };
}

/** Checks the permission for the signed-in user, in the one policies module. */
export function allow(ctx: AppContext, permission: Permission) {
  const user = currentUser(ctx);
  authorize(user, permission);
  return user;
}

export const params = <S extends z.ZodType>(ctx: AppContext, schema: S): z.infer<S> => parseInput(schema, ctx.params);
export const query = <S extends z.ZodType>(ctx: AppContext, schema: S): z.infer<S> => parseInput(schema, ctx.query);
export const body = (ctx: AppContext): unknown => (ctx.request as unknown as { body?: unknown }).body ?? {};

/**
 * Runs one domain operation in a transaction, as the signed-in user; the events it emits (such as
 * access.changed, which every node acts on) are published after the commit.
 */
export function inTransaction<T>(deps: AppDeps, ctx: AppContext, fn: (dctx: DomainContext) => Promise<T>): Promise<T> {
  return withUnitOfWork({ sequelize: deps.db.sequelize, models: deps.db.models, bus: deps.bus, messageStores: deps.db.messageStores }, actorOf(ctx), fn);
}
