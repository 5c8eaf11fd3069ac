import type { AccessChangedEvent } from '../protocol/events.js';
import { closeCodes } from '../protocol/frames.js';
import { liveSessionUser } from '../domain/auth/sessions.js';
import { listenable } from '../policies/realtime.js';
import { forgetChatAccess } from './chatAccess.js';
import { accessChanging } from './accessVersion.js';
import type { Connection } from './connection.js';
import type { RealtimeDeps } from './types.js';
import { every } from '../clock.js';


/** The periodic re-check goes through the connections in this many slices per period, like the heartbeat. */
const SLICES = 10;

interface AccessGuardOptions {
  /** Every open connection is re-checked once a period even when no event said so. */
  periodMs: number;
}

/**
 * Keeps an open connection's rights equal to what HTTP would grant now, not what they were when
 * it connected. On `access.changed` (from any node, or from the CLI through Redis) the connections
 * concerned are re-checked at once: an agent's session and account must still be live (else the
 * socket is closed with 4401), its role is re-read, its remembered chat permissions dropped, and
 * every channel it listens on is asked of the policies again (those refused are left); a disabled
 * website's visitor connections are closed (4403; a long poll then answers poll_closed).
 *
 * Belt and braces: every connection is also re-checked once a period, spread over the period, so
 * a lost event (a Redis blip, a CLI change on a node without Redis, an expired session) cannot
 * leave rights open for longer than that.
 */
export function createAccessGuard(deps: RealtimeDeps, options: AccessGuardOptions) {
  const { hub, logger } = deps;
  const { models } = deps.db;
  // One re-check per connection at a time, in order: an older answer (read before a commit) must
  // never overwrite a newer one.
  const pending = new WeakMap<Connection, Promise<void>>();
  const sliceOf = new WeakMap<Connection, number>();
  let nextSlice = 0;
  let turn = 0;

  async function recheckAgent(conn: Connection) {
    const identity = conn.identity;
    if (identity.kind !== 'agent') return;
    accessChanging(conn);
    const user =
      identity.sessionId === undefined
        ? await models.User.findOne({ where: { id: identity.userId, is_active: true }, attributes: ['id', 'role', 'is_active'] })
        : await liveSessionUser(models, identity.sessionId, identity.userId);
    if (!user) {
      conn.close(closeCodes.accessRevoked, 'signed out or access revoked: sign in again');
      return;
    }
    if (user.role !== identity.role) {
      conn.identity = { ...identity, role: user.role };
      // A frame that read the old role while the user was being read is asked again.
      accessChanging(conn);
    }
    forgetChatAccess(conn);
    // The channels as they were when asked: one subscribed meanwhile was judged by its own frame.
    const asked = [...conn.channels];
    const allowed = await listenable(models, conn.identity, asked);
    const lost = asked.filter((channel) => !allowed.has(channel) && conn.channels.has(channel));
    for (const channel of lost) hub.unsubscribe(conn, channel);
    if (lost.length > 0) {
      conn.send({ type: 'error', error: { code: 'access_changed', message: `Your access changed: this connection no longer receives ${lost.join(', ')}.` } });
    }
  }

  async function recheckVisitors(conns: Connection[]) {
    const clientIds = [...new Set(conns.flatMap((c) => (c.identity.kind === 'visitor' ? [c.identity.clientId] : [])))];
    if (clientIds.length === 0) return;
    const active = await models.Client.findAll({ where: { id: clientIds, is_active: true }, attributes: ['id'] });
    const enabled = new Set(active.map((c) => c.id));
    for (const conn of conns) if (conn.identity.kind === 'visitor' && !enabled.has(conn.identity.clientId)) conn.close(closeCodes.websiteDisabled, 'website disabled');
  }

  function queued(conn: Connection, check: () => Promise<void>): Promise<void> {
    const next = (pending.get(conn) ?? Promise.resolve()).then(check);
    pending.set(conn, next.catch(() => {}));
    return next;
  }

  async function recheck(conns: Connection[]): Promise<void> {
    const visitors = conns.filter((c) => c.identity.kind === 'visitor');
    const agents = conns.filter((c) => c.identity.kind === 'agent');
    await Promise.all([recheckVisitors(visitors), ...agents.map((c) => queued(c, () => recheckAgent(c)))]);
  }

  const concerned = (event: AccessChangedEvent) => (conn: Connection) =>
    event.scope === 'user'
      ? conn.identity.kind === 'agent' && conn.identity.userId === event.userId
      : conn.identity.kind === 'visitor' && conn.identity.clientId === event.clientId;

  // A database outage is the watch's one line; anything else is this check's own failure.
  const report = (err: unknown) =>
    deps.databaseWatch.report(err, () => logger.error({ err }, 'could not re-check the access of open connections; the next periodic check tries again'));

  const stopTimer = every(deps.clock, options.periodMs / SLICES, () => {
    const slice = turn;
    turn = (turn + 1) % SLICES;
    const conns = [...hub.connections.values()].filter((conn) => {
      if (!sliceOf.has(conn)) sliceOf.set(conn, nextSlice++ % SLICES);
      return sliceOf.get(conn) === slice;
    });
    if (conns.length > 0) recheck(conns).catch(report);
  });

  return {
    /** Re-checks the connections an access change concerns, on this node. */
    accessChanged(event: AccessChangedEvent): Promise<void> {
      return recheck([...hub.connections.values()].filter(concerned(event))).catch(report);
    },
    close: stopTimer,
  };
}

export type AccessGuard = ReturnType<typeof createAccessGuard>;
