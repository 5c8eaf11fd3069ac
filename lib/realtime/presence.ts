import { withUnitOfWork } from '../domain/unitOfWork.js';
import { setAgentStatus } from '../domain/chats/setAgentStatus.js';
import type { Connection } from './connection.js';
import type { PresenceStore } from './presenceStore.js';
import type { RealtimeDeps } from './types.js';
import { unitOfWorkDeps } from '../runner/unitOfWorkDeps.js';
import { latestPageVisitId } from '../db/visitors/latestPageVisit.js';

/**
 * Online and offline, with grace periods: an agent whose last dashboard socket closed goes
 * offline after `agentOfflineGraceSeconds`; a visitor after `visitorOfflineGraceSeconds`, so a
 * page reload is not an offline-online flicker for the agents watching. A visitor leaves when
 * their last widget socket closes or when the loader's page-hide beacon says the page went away
 * (most visitors never open the widget, so have no socket); either way they stay online if, by
 * the end of the grace, a page of theirs loaded on any node (the session's last activity, in
 * the shared database) or a widget socket of theirs is open anywhere (the presence store). The
 * change is published on the bus, so every node's agents see it.
 */
export function createPresence(deps: RealtimeDeps, store: PresenceStore) {
  const { clock } = deps;
  /** The cancel of each pending offline, by person. */
  const timers = new Map<string, () => void>();
  const uow = unitOfWorkDeps(deps.db, deps.bus);
  const system = { type: 'system' } as const;

  const cancel = (key: string) => {
    timers.get(key)?.();
    return timers.delete(key);
  };
  const later = (key: string, seconds: number, fn: () => Promise<void>) => {
    cancel(key);
    const stop = clock.after(seconds * 1000, () => {
      timers.delete(key);
      fn().catch((err) => deps.databaseWatch.report(err, () => deps.logger.error({ err, key }, 'presence update failed')));
    });
    timers.set(key, stop);
  };

  /**
   * After the grace: offline unless a socket of theirs is open somewhere or a page of theirs loaded
   * since the one that went away (`leftPageVisitId`, from the page-hide beacon; for a closed socket,
   * the newest page visit when it closed). Page visit ids only grow, so a reload whose new page
   * reached the server before the beacon of the old one still counts as "since".
   */
  const visitorLeaves = async (visitorId: number, clientId: number, leftPageVisitId?: number) => {
    const before = leftPageVisitId ?? (await latestPageVisitId(deps.db.sequelize, visitorId));
    later(`visitor:${visitorId}`, deps.config.chat.visitorOfflineGraceSeconds, async () => {
      if ((await store.count('visitor', visitorId)) > 0) return;
      if ((await latestPageVisitId(deps.db.sequelize, visitorId)) > before) return;
      await setVisitorOnline(visitorId, clientId, false);
    });
  };

  const setVisitorOnline = async (visitorId: number, clientId: number, online: boolean) => {
    const session = await deps.db.models.VisitorSession.findOne({ where: { visitor_id: visitorId }, order: [['id', 'DESC']] });
    if (session && session.is_online !== online) await session.update({ is_online: online, last_activity_at: new Date() });
    await deps.bus.publish({ name: 'visitor.presence', clientId, visitorId, online });
  };

  return {
    async connected(conn: Connection) {
      const id = conn.identity;
      if (id.kind === 'agent') {
        const wasPending = cancel(`agent:${id.userId}`);
        const count = await store.add('agent', id.userId);
        if (count === 1 && !wasPending) {
          const user = await deps.db.models.User.findByPk(id.userId, { attributes: ['status'] });
          if (user?.status === 'offline') await withUnitOfWork(uow, system, (ctx) => setAgentStatus(ctx, { userId: id.userId, status: 'online' }));
        }
      } else {
        const wasPending = cancel(`visitor:${id.visitorId}`);
        const count = await store.add('visitor', id.visitorId);
        if (count === 1 && !wasPending) await setVisitorOnline(id.visitorId, id.clientId, true);
      }
    },
    async disconnected(conn: Connection) {
      const id = conn.identity;
      if (id.kind === 'agent') {
        if ((await store.remove('agent', id.userId)) > 0) return;
        later(`agent:${id.userId}`, deps.config.chat.agentOfflineGraceSeconds, async () => {
          if ((await store.count('agent', id.userId)) > 0) return;
          await withUnitOfWork(uow, system, (ctx) => setAgentStatus(ctx, { userId: id.userId, status: 'offline' }));
        });
      } else {
        if ((await store.remove('visitor', id.visitorId)) > 0) return;
        await visitorLeaves(id.visitorId, id.clientId);
      }
    },
    /** The loader's page-hide beacon: the visitor's page went away (a tab closed, or a reload or navigation that the grace lets through). */
    pageLeft(visitor: { visitorId: number; clientId: number }, pageVisitId: number) {
      visitorLeaves(visitor.visitorId, visitor.clientId, pageVisitId).catch((err) => deps.databaseWatch.report(err, () => deps.logger.error({ err, visitorId: visitor.visitorId }, 'presence update failed')));
    },
    /** On shutdown: timers stop; the next node to see these people decides their presence. */
    close() {
      for (const stop of timers.values()) stop();
      timers.clear();
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
