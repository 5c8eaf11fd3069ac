import { Op } from 'sequelize';
import { withUnitOfWork } from '../domain/unitOfWork.js';
import { closeChat } from '../domain/chats/closeChat.js';
import { setAgentStatus } from '../domain/chats/setAgentStatus.js';
import type { Job } from './job.js';
import type { JobDeps } from './job.js';
import { markChatMissed } from './sessions/markChatMissed.js';
import { unitOfWorkDeps } from '../runner/unitOfWorkDeps.js';

const MINUTE = 60_000;
const BATCH = 500;

/**
 * Every 5 minutes: visitors without activity go offline, and so do agents without a connection
 * (what a crashed node's grace timers never did); waiting chats nobody answered in chat.waitingTimeoutMinutes become missed (offline)
 * messages and the website's agents get the offline e-mail; active chats without a message for
 * chat.inactiveCloseMinutes are closed by the system through closeChat (transcript e-mail follows).
 */
export function sessionCleanup(deps: JobDeps): Job {
  const { config, db, bus, logger } = deps;
  const uow = unitOfWorkDeps(db, bus);
  const system = { type: 'system' } as const;
  const before = (now: Date, minutes: number) => new Date(now.getTime() - minutes * MINUTE);

  async function visitorsOffline(now: Date): Promise<number> {
    const stale = await db.models.VisitorSession.findAll({
      where: { is_online: true, last_activity_at: { [Op.lt]: before(now, config.chat.visitorIdleMinutes) } },
      attributes: ['id', 'visitor_id', 'client_id'],
      order: [['id', 'ASC']],
      limit: BATCH,
    });
    let changed = 0;
    for (const session of stale) {
      if (deps.isConnected && (await deps.isConnected('visitor', session.visitor_id))) continue;
      const [n] = await db.models.VisitorSession.update({ is_online: false }, { where: { id: session.id, is_online: true } });
      if (n === 0) continue;
      changed++;
      await bus.publish({ name: 'visitor.presence', clientId: session.client_id, visitorId: session.visitor_id, online: false });
    }
    return changed;
  }

  /**
   * Agents shown online or away without a dashboard open anywhere: what a node that died (SIGKILL,
   * power cut) never got to do when their sockets went with it. Only where connections can be
   * counted cluster-wide; otherwise their status is left as it is.
   */
  async function agentsOffline(): Promise<number> {
    if (!deps.isConnected) return 0;
    const shown = await db.models.User.findAll({ where: { status: { [Op.in]: ['online', 'away'] } }, attributes: ['id'], order: [['id', 'ASC']], limit: BATCH });
    let changed = 0;
    for (const { id } of shown) {
      if (await deps.isConnected('agent', id)) continue;
      const result = await withUnitOfWork(uow, system, (ctx) => setAgentStatus(ctx, { userId: id, status: 'offline' }));
      if (result.changed) changed++;
    }
    return changed;
  }

  async function missWaitingChats(now: Date): Promise<number> {
    const cutoff = before(now, config.chat.waitingTimeoutMinutes);
    // Counted from the chat's last message: a reopened chat waits afresh from when the visitor came back.
    const waiting = await db.models.Chat.findAll({
      where: { status: 'waiting', [Op.or]: [{ last_message_at: { [Op.lt]: cutoff } }, { last_message_at: null, started_at: { [Op.lt]: cutoff } }] },
      attributes: ['id'],
      order: [['id', 'ASC']],
      limit: BATCH,
    });
    let missed = 0;
    for (const { id } of waiting) {
      if (await withUnitOfWork(uow, system, (ctx) => markChatMissed(ctx, { chatId: id }))) {
        missed++;
        deps.mail.offlineMessage({ chatId: id, reason: 'missed' });
      }
    }
    return missed;
  }

  async function closeInactiveChats(now: Date): Promise<number> {
    const cutoff = before(now, config.chat.inactiveCloseMinutes);
    const inactive = await db.models.Chat.findAll({
      where: { status: 'active', [Op.or]: [{ last_message_at: { [Op.lt]: cutoff } }, { last_message_at: null, started_at: { [Op.lt]: cutoff } }] },
      attributes: ['id'],
      order: [['id', 'ASC']],
      limit: BATCH,
    });
    let closed = 0;
    for (const { id } of inactive) {
      const done = await withUnitOfWork(uow, system, async (ctx) => {
        // Looked at again inside the transaction: a message that just came in keeps the chat open.
        const chat = await ctx.models.Chat.findByPk(id, { transaction: ctx.transaction, lock: ctx.transaction?.LOCK.UPDATE });
        const last = chat?.last_message_at ?? chat?.started_at;
        if (!chat || chat.status !== 'active' || !last || new Date(last) >= cutoff) return false;
        return (await closeChat(ctx, { chatId: id, endedBy: 'system' })).closed;
      });
      if (done) closed++;
    }
    return closed;
  }

  return {
    name: 'session-cleanup',
    description: 'idle visitors and unconnected agents offline, unanswered waiting chats to missed messages, inactive chats closed',
    schedule: '*/5 * * * *',
    async run({ now }) {
      const offline = await visitorsOffline(now);
      const agents = await agentsOffline();
      const missed = await missWaitingChats(now);
      const closed = await closeInactiveChats(now);
      if (missed && !deps.mail.enabled) logger.warn({ missed }, 'missed chats were not e-mailed to the agents: smtp.url is not set');
      return {
        summary: `${offline} visitor(s) and ${agents} agent(s) without a connection offline, ${missed} waiting chat(s) missed, ${closed} inactive chat(s) closed`,
        details: { offline, agentsOffline: agents, missed, closed },
      };
    },
  };
}
