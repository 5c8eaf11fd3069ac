import { Op } from 'sequelize';
import type { Database } from '../db/index.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../clock.js';
import type { BusEvent } from '../protocol/events.js';
import { withUnitOfWork } from '../domain/unitOfWork.js';
import { unitOfWorkDeps } from '../runner/unitOfWorkDeps.js';
import { routingCandidates, routingModeOf } from '../domain/routing/routingRules.js';
import { assignChat } from '../domain/routing/assignChat.js';
import { releaseUnaccepted } from '../domain/routing/releaseUnaccepted.js';
import { announceQueue, enqueueChat } from '../domain/routing/chatQueue.js';

interface RouterDeps {
  db: Database;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
}

const system = { type: 'system' } as const;

/**
 * Routing of new chats (round robin, least busy; notify-all websites are left as they were). It
 * reacts to this node's own events after their commit: a new chat is given to an agent (or
 * queued when everyone who could take it is at their cap), and whatever may free an agent (a chat
 * closed, an agent leaving, an agent back online, a hand-off that timed out) moves the website's
 * queue, whose chats then hear their new position. The decision itself is made in the database
 * (domain/routing/assignChat.ts), so two nodes moving the same queue never double-assign.
 * An auto-assigned chat not joined within the website's timeout goes to the next agent: a timer on
 * this node's clock (a node that stops takes its timers with it: the chat then waits for the next
 * event of its website, which moves the queue again).
 */
export function startRouter(deps: RouterDeps): { close(): Promise<void> } {
  const { models } = deps.db;
  const uow = unitOfWorkDeps(deps.db, deps.bus);
  const lanes = new Map<number, Promise<void>>();
  const timers = new Set<() => void>();
  let closed = false;

  /** One website's routing at a time on this node (other nodes are kept honest by the database). */
  const inLane = (clientId: number, work: () => Promise<void>) => {
    const next = (lanes.get(clientId) ?? Promise.resolve()).then(() => (closed ? undefined : work())).catch((err) => deps.logger.error({ err, clientId }, 'chat routing failed'));
    lanes.set(clientId, next);
    void next.finally(() => lanes.get(clientId) === next && lanes.delete(clientId));
  };

  async function place(chatId: number): Promise<void> {
    const chat = await models.Chat.findByPk(chatId);
    if (!chat || chat.status !== 'waiting' || chat.assigned_agent_id !== null) return;
    const mode = await routingModeOf(models, chat);
    if (mode === 'notify_all') return;
    const client = await models.Client.findByPk(chat.client_id, { attributes: ['accept_timeout_seconds'] });
    const timeoutMs = (client?.accept_timeout_seconds ?? 30) * 1000;
    for (const agentId of await routingCandidates(models, chat, mode)) {
      // The agent's time to join counts from the decision, even if this node gets to arming it a moment later.
      const decidedAt = deps.clock.now();
      if (await withUnitOfWork(uow, system, (ctx) => assignChat(ctx, { chatId, agentId, reason: 'routed' }))) {
        armHandOff(chat.client_id, chatId, agentId, decidedAt + timeoutMs);
        return;
      }
    }
    await withUnitOfWork(uow, system, (ctx) => enqueueChat(ctx, chatId));
  }

  /** Offers each waiting, unassigned chat of the website (oldest in the queue first), then tells the queue where it stands. */
  async function moveQueue(clientId: number): Promise<void> {
    // A notify-all website whose departments route no other way has nothing to route (most websites).
    const client = await models.Client.findByPk(clientId, { attributes: ['routing_mode'] });
    if (client?.routing_mode === 'notify_all' && (await models.Department.count({ where: { client_id: clientId, routing_mode: { [Op.in]: ['round_robin', 'least_busy'] } } })) === 0) return;
    const waiting = await models.Chat.findAll({
      where: { client_id: clientId, status: 'waiting', assigned_agent_id: null },
      attributes: ['id', 'queued_at'],
      order: [['id', 'ASC']],
    });
    const ordered = waiting.sort((a, b) => (a.queued_at ? new Date(a.queued_at).getTime() : Infinity) - (b.queued_at ? new Date(b.queued_at).getTime() : Infinity) || a.id - b.id);
    for (const chat of ordered) await place(chat.id);
    await withUnitOfWork(uow, system, (ctx) => announceQueue(ctx, clientId), 'none');
  }

  /** Not joined by `deadline`, the chat is taken back from the agent (and routed on, by the event that says so). */
  function armHandOff(clientId: number, chatId: number, agentId: number, deadline: number) {
    const cancel = deps.clock.after(Math.max(0, deadline - deps.clock.now()), () => {
      timers.delete(cancel);
      inLane(clientId, async () => {
        await withUnitOfWork(uow, system, (ctx) => releaseUnaccepted(ctx, { chatId, agentId }));
      });
    });
    timers.add(cancel);
  }

  const onEvent = (event: BusEvent) => {
    switch (event.name) {
      case 'chat.created':
      case 'chat.closed':
      case 'agent.left':
        return inLane(event.clientId, () => moveQueue(event.clientId));
      case 'chat.assigned':
        // Taken back (timeout, transfer to a department): offer it again.
        if (!event.agent) return inLane(event.clientId, () => moveQueue(event.clientId));
        return;
      case 'agent.status':
        if (event.status === 'online') for (const clientId of event.clientIds) inLane(clientId, () => moveQueue(clientId));
        return;
      default:
        return;
    }
  };
  // Each node routes what happened on it; with Redis the others hear it too and leave it be.
  const unsubscribe = deps.bus.subscribe((event, origin) => {
    if (origin !== 'remote') onEvent(event);
  });
  return {
    async close() {
      closed = true;
      unsubscribe();
      for (const cancel of timers) cancel();
      timers.clear();
      await Promise.allSettled([...lanes.values()]);
    },
  };
}

