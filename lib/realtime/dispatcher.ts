import { AppError } from '../errors.js';
import { formatIssues } from '../formatIssues.js';
import type { ServerFrame } from '../protocol/frames.js';
import type { PolicyAsk } from '../policies/registry.js';
import { mayListen } from '../policies/realtime.js';
import { runEntry, type Call } from '../runner/run.js';
import { errorFields, mapError } from '../runner/errors.js';
import type { Caller } from '../identity/identity.js';
import type { Connection } from './connection.js';
import { clientFrameSchema } from './frameSchema.js';
import { frameEntries } from './frames/index.js';
import type { FrameEntry, FrameEnv } from './frame.js';
import { chatAccess } from './chatAccess.js';
import { askFresh } from './accessVersion.js';
import type { RealtimeDeps } from './types.js';
import { unitOfWorkDeps } from '../runner/unitOfWorkDeps.js';

const errorFrame = (code: string, message: string): ServerFrame => ({ type: 'error', error: { code, message } });
const entries = new Map<string, FrameEntry>(Object.values(frameEntries).map((e) => [e.type, e as FrameEntry]));

/** Which of a frame's limits it counts against: every visitor frame but typing, and each message. */
function countedFor(conn: Connection, frame: { type?: unknown; message?: unknown }) {
  return {
    widget: conn.identity.kind === 'visitor' && frame.type !== 'typing',
    message: frame.type === 'message.send' || (frame.type === 'chat.start' && typeof frame.message === 'string' && frame.message !== ''),
  };
}

/**
 * Takes one raw frame from any transport: parse, find its declaration, and hand it to the runner
 * (validate, authorize, rate-limit, run, present); reply. A bad frame gets an error and changes
 * nothing; the connection lives on.
 */
export function createDispatcher(deps: RealtimeDeps) {
  const uow = unitOfWorkDeps(deps.db, deps.bus);
  // What the runner needs of a connection is made once per connection, not per frame.
  const calls = new WeakMap<Connection, Call<FrameEnv>>();
  const callOf = (conn: Connection): Call<FrameEnv> => {
    let call = calls.get(conn);
    if (call) return call;
    // The identity is read on each frame: the access guard replaces it when a role changes.
    const caller: Caller = {
      get identity() {
        return conn.identity;
      },
      ip: conn.ip,
    };
    const ask: PolicyAsk = {
      models: deps.db.models,
      actInChat: (chatId) => chatAccess(deps, conn, chatId),
      listen: (channel) => askFresh(conn, () => mayListen(deps.db.models, conn.identity, channel)),
    };
    const admit = (frame: unknown) => {
      // A visitor's message counts against both limits: both counters at once (on Redis, one
      // round trip's wait instead of two). Mostly both are decided on this node and there is
      // nothing to wait for.
      const counted = countedFor(conn, frame as { type: string });
      const widget = counted.widget && conn.identity.kind === 'visitor' ? deps.rateLimits.widgetRequest(conn.identity.visitorId) : undefined;
      const message = counted.message ? deps.rateLimits.message(conn.identity) : undefined;
      if (widget || message) return Promise.all([widget, message]);
    };
    calls.set(conn, (call = { caller, env: { deps, conn }, ask, uow, admit }));
    return call;
  };

  async function dispatch(conn: Connection, raw: string): Promise<void> {
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      return conn.send(errorFrame('bad_frame', 'The frame is not valid JSON.'));
    }
    // A frame that carries a string ref gets exactly one reply with it, whatever its type: typing
    // and page.view need none, but a client that sends one with a ref is told it arrived.
    const ref = typeof (data as { ref?: unknown })?.ref === 'string' ? (data as { ref: string }).ref : undefined;
    const type = (data as { type?: unknown })?.type;
    const entry = typeof type === 'string' ? entries.get(type) : undefined;
    if (!entry) {
      const parsed = clientFrameSchema.safeParse(data);
      const message = `The frame is not valid: ${parsed.success ? 'unknown type' : formatIssues(parsed.error.issues).join('; ')}`;
      return conn.send(ref ? { type: 'reply', ref, ok: false, error: { code: 'bad_frame', message } } : errorFrame('bad_frame', message));
    }
    const started = deps.onFrame ? performance.now() : 0;
    try {
      const result = await runEntry(entry, callOf(conn), data);
      if (ref) conn.send({ type: 'reply', ref, ok: true, ...(result ?? {}) });
      deps.onFrame?.(entry.type, conn.identity.kind, true, (performance.now() - started) / 1000);
    } catch (caught) {
      deps.onFrame?.(entry.type, conn.identity.kind, false, (performance.now() - started) / 1000);
      // A best-effort frame (typing) that is refused is dropped as if done; a malformed one is still told.
      if (entry.quiet && caught instanceof AppError && caught.code !== 'bad_frame' && caught.code !== 'rate_limited') {
        if (ref) conn.send({ type: 'reply', ref, ok: true });
        return;
      }
      // A database that does not answer is one retryable answer and one log line per outage (the watch's), not one per frame.
      const { error: err, unavailable } = mapError(caught, deps.databaseWatch);
      if (unavailable) deps.rateLimits.refund(conn.identity, countedFor(conn, data as { type: string }));
      const error = err instanceof AppError ? errorFields(err) : { code: 'internal', message: 'Something went wrong on our side; it has been logged.' };
      if (!(err instanceof AppError)) deps.logger.error({ err, frame: entry.type }, 'frame handler failed');
      conn.send(ref ? { type: 'reply', ref, ok: false, error } : { type: 'error', error });
    }
  }

  // Frames still running when the node stops are waited for before the database closes: a write
  // cut off by the close left a transaction whose connection Sequelize then killed, twice (an
  // uncaught SQLITE_MISUSE in the process).
  const inFlight = new Set<Promise<void>>();
  const tracked = (conn: Connection, raw: string): Promise<void> => {
    const done = dispatch(conn, raw);
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
    return done;
  };
  return Object.assign(tracked, { drained: () => Promise.allSettled([...inFlight]).then(() => undefined) });
}

export type Dispatch = ReturnType<typeof createDispatcher>;
