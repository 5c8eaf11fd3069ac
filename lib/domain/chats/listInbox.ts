import { z } from 'zod';
import { Op, literal } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { parseInput } from '../validate.js';
import { likeTerm } from '../search/likeTerm.js';
import { chatCards, type ChatCard } from './chatCards.js';
import type { InboxDTO } from '../../protocol/http.js';

/** A page of the inbox (lib/presenters/chats.ts presentInbox makes the protocol's InboxDTO of it). */
export type Inbox = Omit<InboxDTO, 'chats'> & { chats: ChatCard[] };

const PAGE = 50;
/** Urgent first, then high; the rest by age (a CASE every dialect reads). */
const PRESSING = literal("CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END");
const inboxInput = z.object({
  view: z.enum(['open', 'closed']).default('open'),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/**
 * The workspace's lists for a user on the websites they see (`visible` null: all): every open chat
 * (waiting, active, offline; urgent, then high priority, then oldest first) as cards, or the closed ones a page at a time, newest
 * ended first. `q` keeps the chats whose visitor's name or e-mail contains it.
 */
export async function listInbox(models: Models, userId: number, visible: number[] | null, raw: unknown): Promise<Inbox> {
  const q = parseInput(inboxInput, raw);
  const inClients = visible ? { client_id: { [Op.in]: visible } } : {};
  const where: Record<string | symbol, unknown> = { ...inClients, status: q.view === 'open' ? { [Op.in]: ['waiting', 'active', 'offline'] } : 'closed' };
  if (q.q) {
    const term = likeTerm(q.q);
    const visitors = await models.Visitor.findAll({ where: { ...inClients, [Op.or]: [{ name: { [Op.like]: term } }, { email: { [Op.like]: term } }] }, attributes: ['id'], limit: 500 });
    where.visitor_id = { [Op.in]: visitors.map((v) => v.id) };
  }
  const open = q.view === 'open';
  const chats = await models.Chat.findAll({
    where,
    order: open ? [[PRESSING, 'ASC'], ['started_at', 'ASC'], ['id', 'ASC']] : [['ended_at', 'DESC'], ['id', 'DESC']],
    // Open chats are few and all shown; closed ones come a page at a time.
    limit: open ? 1000 : PAGE + 1,
    offset: open ? 0 : (q.page - 1) * PAGE,
  });
  const more = !open && chats.length > PAGE;
  return { chats: await chatCards(models, userId, more ? chats.slice(0, PAGE) : chats), page: q.page, more };
}
