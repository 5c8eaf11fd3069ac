import { z } from 'zod';
import { AppError, notFound } from '../../../errors.js';
import { authenticate } from '../../../realtime/authenticate.js';
import { parseInput } from '../../../domain/validate.js';
import { body, params, query } from '../helpers.js';
import type { AppDeps, AppRouter } from '../../types.js';
import { widgetCors } from './cors.js';
import { CAP_RETRY_AFTER_SECONDS } from '../../../realtime/connectionCaps.js';

/** `<node>.<random>`: the node that holds the connection, so any node can relay to it. */
const pollId = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{10,64}$|^[A-Za-z0-9_-]{1,16}\.[A-Za-z0-9_-]{10,64}$/) });
const sendBody = z.object({ frames: z.array(z.union([z.string().max(70_000), z.record(z.string(), z.unknown())])).min(1).max(50) });

/**
 * The long-polling transport of the widget (for networks that block WebSockets): open with the
 * visitor token, poll with a cursor, send frames. Same checks and handlers as the socket. A poll or
 * send may land on any node: one that does not hold the connection relays it to the one that does.
 */
export function widgetPollRoutes(router: AppRouter, deps: AppDeps) {
  const gone = () => new AppError('poll_closed', 'This connection has ended: open a new one.', 404);
  const engine = () => {
    if (!deps.realtime) throw new AppError('unavailable', 'Realtime is not running on this node.', 503);
    return deps.realtime;
  };

  for (const path of ['/api/widget/poll/open', '/api/widget/poll/:id', '/api/widget/poll/:id/send']) router.options(path, widgetCors);
  router.post('/api/widget/poll/open', widgetCors, async (ctx) => {
    const realtime = engine();
    const { token } = parseInput(z.object({ token: z.string().min(10).max(512) }), body(ctx));
    const auth = await authenticate(realtime.deps, { url: ctx.url, headers: ctx.headers }, token);
    if (!auth.ok) throw new AppError(auth.status === 401 ? 'unauthenticated' : 'forbidden', `Not allowed: ${auth.reason}.`, auth.status);
    if (auth.identity.kind !== 'visitor') throw notFound('connection');
    const slot = realtime.deps.connectionCaps.acquire(auth.identity, ctx.ip);
    if (!slot.ok) {
      ctx.set('Retry-After', String(CAP_RETRY_AFTER_SECONDS));
      throw new AppError('too_many_connections', `Not opened: ${slot.reason}.`, 429, { retryAfterMs: CAP_RETRY_AFTER_SECONDS * 1000 });
    }
    ctx.body = { pollId: realtime.polls.open(auth.identity, ctx.ip, slot.release) };
  });

  router.get('/api/widget/poll/:id', widgetCors, async (ctx) => {
    const { id } = params(ctx, pollId);
    const { cursor } = query(ctx, z.object({ cursor: z.coerce.number().int().min(0).default(0) }));
    const result = await engine().polls.poll(id, cursor);
    if (!result) throw gone();
    ctx.set('Cache-Control', 'no-store');
    ctx.body = result;
  });

  router.post('/api/widget/poll/:id/send', widgetCors, async (ctx) => {
    const { id } = params(ctx, pollId);
    const { frames } = parseInput(sendBody, body(ctx));
    if (!(await engine().polls.send(id, frames.map((f) => (typeof f === 'string' ? f : JSON.stringify(f)))))) throw gone();
    ctx.status = 202;
    ctx.body = { accepted: frames.length };
  });
}
