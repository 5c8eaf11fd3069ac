import { AppError } from '../errors.js';
import { databaseUnavailable, isDatabaseUnavailable } from '../db/unavailable.js';
import { asDiskFullError } from '../diskFull.js';
import { formatIssues } from '../config/load.js';
import type { ClientFrame, ServerFrame } from '../protocol/frames.js';
import type { Connection } from './connection.js';
import { clientFrameSchema } from './frameSchema.js';
import { handlers } from './handlers/index.js';
import type { RealtimeDeps } from './types.js';

const errorFrame = (code: string, message: string): ServerFrame => ({ type: 'error', error: { code, message } });

/**
 * Takes one raw frame from any transport: parse, validate, rate-limit, dispatch by type through
 * the handler map, reply. A bad frame gets an error and changes nothing; the connection lives on.
 */
export function createDispatcher(deps: RealtimeDeps) {
  return async function dispatch(conn: Connection, raw: string): Promise<void> {
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      return conn.send(errorFrame('bad_frame', 'The frame is not valid JSON.'));
    }
    // A frame that carries a string ref gets exactly one reply with it, whatever its type: typing
    // and page.view need none, but a client that sends one with a ref is told it arrived.
    const ref = typeof (data as { ref?: unknown })?.ref === 'string' ? (data as { ref: string }).ref : undefined;
    const parsed = clientFrameSchema.safeParse(data);
    if (!parsed.success) {
      const message = `The frame is not valid: ${formatIssues(parsed.error.issues).join('; ')}`;
      return conn.send(ref ? { type: 'reply', ref, ok: false, error: { code: 'bad_frame', message } } : errorFrame('bad_frame', message));
    }
    const frame = parsed.data as ClientFrame;
    const counted = { widget: conn.identity.kind === 'visitor' && frame.type !== 'typing', message: frame.type === 'message.send' };
    try {
      // A visitor's message counts against both limits: both counters at once (on Redis, one
      // round trip's wait instead of two). Mostly both are decided on this node and there is
      // nothing to wait for.
      const widget = counted.widget && conn.identity.kind === 'visitor' ? deps.rateLimits.widgetRequest(conn.identity.visitorId) : undefined;
      const message = counted.message ? deps.rateLimits.message(conn.identity) : undefined;
      if (widget || message) await Promise.all([widget, message]);
      const handler = handlers[frame.type] as (d: RealtimeDeps, c: Connection, f: ClientFrame) => Promise<Record<string, unknown> | void>;
      const result = await handler(deps, conn, frame);
      if (ref) conn.send({ type: 'reply', ref, ok: true, ...(result ?? {}) });
    } catch (caught) {
      // A database that does not answer is one retryable answer and one log line per outage (the watch's), not one per frame.
      const unavailable = !(caught instanceof AppError) && isDatabaseUnavailable(caught);
      if (unavailable) {
        deps.databaseWatch.failed(caught);
        deps.rateLimits.refund(conn.identity, counted);
      }
      const err = unavailable ? databaseUnavailable() : asDiskFullError(caught);
      const error =
        err instanceof AppError
          ? { code: err.code, message: err.message, ...((err.details as { retryAfterMs?: number })?.retryAfterMs ? { retryAfterMs: (err.details as { retryAfterMs: number }).retryAfterMs } : {}) }
          : { code: 'internal', message: 'Something went wrong on our side; it has been logged.' };
      if (!(err instanceof AppError)) deps.logger.error({ err, frame: frame.type }, 'frame handler failed');
      conn.send(ref ? { type: 'reply', ref, ok: false, error } : { type: 'error', error });
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
