import { z } from 'zod';
import { AppError, notFound } from '../../../errors.js';
import { authenticate } from '../../../realtime/authenticate.js';
import type { AppDeps } from '../../types.js';
import { route } from '../../route.js';
import { CAP_RETRY_AFTER_SECONDS } from '../../../realtime/connectionCaps.js';

/** `<node>.<random>`: the node that holds the connection, so any node can relay to it. */
const pollParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{10,64}$|^[A-Za-z0-9_-]{1,16}\.[A-Za-z0-9_-]{10,64}$/) });
const sendBody = z.object({ frames: z.array(z.union([z.string().max(70_000), z.record(z.string(), z.unknown())])).min(1).max(50) });

const gone = () => new AppError('poll_closed', 'This connection has ended: open a new one.', 404);
const engine = (deps: AppDeps) => {
  if (!deps.realtime) throw new AppError('unavailable', 'Realtime is not running on this node.', 503);
  return deps.realtime;
};

/**
 * The long-polling transport of the widget (for networks that block WebSockets): open with the
 * visitor token, poll with a cursor, send frames. Same checks and handlers as the socket. A poll or
 * send may land on any node: one that does not hold the connection relays it to the one that does. The
 * frames sent are run by the socket's runner, with the identity the poll was opened with. So
 * these routes are public to the HTTP runner: opening checks the token like a socket upgrade, and
 * the poll id it hands out (unguessable) is the credential of the other two.
 */
const openPollRoute = route({
  method: 'post',
  path: '/api/widget/poll/open',
  cors: 'widget',
  permission: 'public',
  input: { body: z.object({ token: z.string().min(10).max(512) }) },
  unitOfWork: 'none',
  run: async (ctx, { body }) => {
    const { http, deps } = ctx.env;
    const realtime = engine(deps);
    const auth = await authenticate(realtime.deps, { url: http.url, headers: http.headers }, body.token);
    if (!auth.ok) throw new AppError(auth.status === 401 ? 'unauthenticated' : 'forbidden', `Not allowed: ${auth.reason}.`, auth.status);
    if (auth.identity.kind !== 'visitor') throw notFound('connection');
    const slot = realtime.deps.connectionCaps.acquire(auth.identity, http.ip);
    if (!slot.ok) {
      http.set('Retry-After', String(CAP_RETRY_AFTER_SECONDS));
      throw new AppError('too_many_connections', `Not opened: ${slot.reason}.`, 429, { retryAfterMs: CAP_RETRY_AFTER_SECONDS * 1000 });
    }
    return realtime.polls.open(auth.identity, http.ip, slot.release);
  },
  present: (pollId) => ({ pollId }),
});

const pollRoute = route({
  method: 'get',
  path: '/api/widget/poll/:id',
  cors: 'widget',
  permission: 'public',
  input: { params: pollParams, query: z.object({ cursor: z.coerce.number().int().min(0).default(0) }) },
  run: async (ctx, { params, query }) => {
    const result = await engine(ctx.env.deps).polls.poll(params.id, query.cursor);
    if (!result) throw gone();
    return result;
  },
  present: (result, ctx) => {
    ctx.env.http.set('Cache-Control', 'no-store');
    return result;
  },
});

const pollSendRoute = route({
  method: 'post',
  path: '/api/widget/poll/:id/send',
  cors: 'widget',
  permission: 'public',
  input: { params: pollParams, body: sendBody },
  unitOfWork: 'none',
  status: 202,
  run: async (ctx, { params, body }) => {
    if (!(await engine(ctx.env.deps).polls.send(params.id, body.frames.map((f) => (typeof f === 'string' ? f : JSON.stringify(f)))))) throw gone();
    return body.frames.length;
  },
  present: (accepted) => ({ accepted }),
});

export const widgetPollRoutes = [openPollRoute, pollRoute, pollSendRoute];
