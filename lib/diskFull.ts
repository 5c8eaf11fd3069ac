import { AppError } from './errors.js';

/** How long a client waits before trying a refused write again: freeing disk space takes a person. */
const DISK_FULL_RETRY_MS = 60_000;

/**
 * "No room left": a full disk or a quota (file writes), SQLite unable to grow its file or WAL, or
 * InnoDB unable to grow a tablespace ("The table 'messages' is full", answered at once).
 */
const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', 'ER_RECORD_FILE_FULL']);

/** True when `err`, or the driver error Sequelize wrapped in it, says the disk is full. */
export function isDiskFull(err: unknown): boolean {
  for (let e = err as { code?: unknown; parent?: unknown; original?: unknown; cause?: unknown } | null, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && DISK_FULL_CODES.has(e.code)) return true;
    e = (e.parent ?? e.original ?? e.cause ?? null) as typeof e;
  }
  return false;
}

/**
 * What an upload or a send answers on a full disk instead of a vague `internal`: HTTP 507, code
 * `disk_full` and a retryAfterMs (nothing was stored; the same clientMsgId can be sent again).
 */
export function asDiskFullError(err: unknown): unknown {
  if (!isDiskFull(err)) return err;
  return new AppError(
    'disk_full',
    "The server's disk is full, so this was not saved. Try again in a minute; the administrators must free space on the server's data disk.",
    507,
    { retryAfterMs: DISK_FULL_RETRY_MS },
  );
}
