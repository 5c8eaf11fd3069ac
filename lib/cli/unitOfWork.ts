import type { Database } from '../db/index.js';
import type { DomainContext } from '../domain/types.js';
import { withUnitOfWork } from '../domain/unitOfWork.js';
import type { BusEvent } from '../protocol/events.js';
import type { CliContext } from './context.js';
import { unitOfWorkDeps } from '../runner/unitOfWorkDeps.js';

/**
 * Runs one domain operation of a CLI command in the one unit of work, as the CLI, and after the
 * commit hands the events it emitted to the running servers. The CLI is not a server, so it has no bus of
 * its own: with Redis configured the events go over Redis, and every node acts on them at once
 * (an agent disabled from the shell loses their open sockets like one disabled in the dashboard).
 * Without Redis (one node) nothing carries them: the server's periodic access re-check
 * (chat.accessRecheckSeconds) applies the change to open connections instead. A signal to the
 * pid in the pid file was not chosen: a stale pid may name an unrelated process.
 */
export function cliUnitOfWork<T>(ctx: CliContext, db: Database, fn: (dctx: DomainContext) => Promise<T>): Promise<T> {
  return withUnitOfWork(
    unitOfWorkDeps(db, { publishMany: (events) => tellServers(ctx, events) }),
    { type: 'cli' },
    fn,
  );
}

async function tellServers(ctx: CliContext, events: BusEvent[]) {
  const { url, keyPrefix } = ctx.config.redis;
  const later = `open connections get the change within chat.accessRecheckSeconds (${ctx.config.chat.accessRecheckSeconds} s)`;
  if (!url) {
    ctx.logger.info(`No Redis configured: ${later}.`);
    return;
  }
  const { publishToNodes } = await import('../events/redisBus.js');
  try {
    await publishToNodes(url, keyPrefix, events);
  } catch (err) {
    // The change is committed; only the prompt notice failed, and the periodic re-check covers it.
    ctx.out.warn(`Could not tell the running servers over Redis (${(err as Error).message}): ${later}.`);
  }
}
