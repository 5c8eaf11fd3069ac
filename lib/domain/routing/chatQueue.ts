import { Op } from 'sequelize';
import type { DomainContext } from '../types.js';
import type { Models } from '../../db/models/index.js';

/** How many recent answered chats the estimated wait is taken from. */
const RECENT_CHATS = 20;

/** A website's queue, first first: waiting chats nobody could take (every eligible agent at their cap). */
export const queuedChats = (models: Models, clientId: number) =>
  models.Chat.findAll({
    where: { client_id: clientId, status: 'waiting', assigned_agent_id: null, queued_at: { [Op.ne]: null } },
    attributes: ['id', 'client_id', 'department_id', 'routing_passed', 'queued_at'],
    order: [['queued_at', 'ASC'], ['id', 'ASC']],
  });

/** Puts a waiting chat nobody could take in the queue (its place: since when it first waited). */
export async function enqueueChat(ctx: DomainContext, chatId: number): Promise<void> {
  await ctx.models.Chat.update({ queued_at: new Date() }, { where: { id: chatId, status: 'waiting', assigned_agent_id: null, queued_at: null }, transaction: ctx.transaction });
}

/** Seconds from start to first agent answer, averaged over the website's recent answered chats (null: none yet). */
export async function recentFirstResponseSeconds(models: Models, clientId: number): Promise<number | null> {
  const rows = await models.Chat.findAll({
    where: { client_id: clientId, first_response_at: { [Op.ne]: null } },
    attributes: ['started_at', 'first_response_at'],
    order: [['first_response_at', 'DESC']],
    limit: RECENT_CHATS,
  });
  if (rows.length === 0) return null;
  const total = rows.reduce((sum, r) => sum + Math.max(0, new Date(r.first_response_at!).getTime() - new Date(r.started_at).getTime()), 0);
  return total / rows.length / 1000;
}

/** Tells each queued chat (its visitor, the website's agents) where it stands and about how long it will wait. */
export async function announceQueue(ctx: DomainContext, clientId: number): Promise<void> {
  const queue = await queuedChats(ctx.models, clientId);
  if (queue.length === 0) return;
  const perChat = await recentFirstResponseSeconds(ctx.models, clientId);
  queue.forEach((chat, i) => {
    const position = i + 1;
    ctx.emit({ name: 'queue.position', clientId, chatId: chat.id, position, estimatedWaitSeconds: perChat === null ? null : Math.round(perChat * position) });
  });
}
