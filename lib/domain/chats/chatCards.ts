import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { Instance } from '../../db/models/types.js';
import type { ChatRow } from '../../db/models/chat.js';
import type { MessageRow } from '../../db/models/message.js';
import type { ChatCardDTO } from '../../protocol/dto.js';
import type { AgentOfEvent } from '../events.js';

/** A chat card's facts (lib/presenters/chats.ts presentChatCard makes the protocol's ChatCardDTO of it). */
export type ChatCard = Omit<ChatCardDTO, 'chat' | 'participants' | 'lastMessage'> & { chat: ChatRow; participants: AgentOfEvent[]; lastMessage: MessageRow | null };

/**
 * Chats as the dashboard's lists show them: website name, visitor (with live page and online
 * dot), the agents in it, the last message and what this user has not read. Five queries for a page.
 */
export async function chatCards(models: Models, userId: number, chats: Instance<ChatRow>[]): Promise<ChatCard[]> {
  if (chats.length === 0) return [];
  const chatIds = chats.map((c) => c.id);
  const [clients, visitors, sessions, participants, lastMessages] = await Promise.all([
    models.Client.findAll({ where: { id: { [Op.in]: [...new Set(chats.map((c) => c.client_id))] } }, attributes: ['id', 'name'] }),
    models.Visitor.findAll({ where: { id: { [Op.in]: [...new Set(chats.map((c) => c.visitor_id))] } } }),
    models.VisitorSession.findAll({ where: { visitor_id: { [Op.in]: [...new Set(chats.map((c) => c.visitor_id))] } }, order: [['id', 'ASC']] }),
    models.ChatParticipant.findAll({ where: { chat_id: { [Op.in]: chatIds }, left_at: null }, include: [{ model: models.User, as: 'user', attributes: ['id', 'pseudo_name', 'avatar'] }] }),
    lastMessageOf(models, chatIds),
  ]);
  const unread = await unreadOf(models, userId, chats, participants);
  const clientName = new Map(clients.map((c) => [c.id, c.name]));
  const visitorById = new Map(visitors.map((v) => [v.id, v]));
  const sessionOf = new Map(sessions.map((s) => [s.visitor_id, s]));
  return chats.map((chat) => {
    const mine = participants.filter((p) => p.chat_id === chat.id);
    const v = visitorById.get(chat.visitor_id);
    const s = sessionOf.get(chat.visitor_id);
    const last = lastMessages.get(chat.id);
    return {
      chat,
      clientName: clientName.get(chat.client_id) ?? '',
      visitor: { id: chat.visitor_id, name: v?.name ?? null, email: v?.email ?? null, currentPage: s?.current_page ?? null, online: Boolean(s?.is_online) },
      // The include always loads the user (user_id is a foreign key); the check is what the optional association type asks.
      participants: mine.flatMap((p) => (p.user ? [p.user] : [])),
      lastMessage: last ?? null,
      unread: unread.get(chat.id) ?? 0,
    };
  });
}

async function lastMessageOf(models: Models, chatIds: number[]) {
  // The newest message a visitor could also see, per chat (internal notes and system lines are not previews).
  const rows = await models.Message.findAll({ where: { chat_id: { [Op.in]: chatIds }, message_type: { [Op.ne]: 'system' } }, attributes: ['chat_id', [models.Message.sequelize!.fn('MAX', models.Message.sequelize!.col('seq')), 'seq']], group: ['chat_id'], raw: true });
  // Raw rows of (chat_id, MAX(seq) as seq): the two fields read here have the names and types of the model's.
  if (rows.length === 0) return new Map<number, MessageRow>();
  const messages = await models.Message.findAll({ where: { [Op.or]: rows.map((p) => ({ chat_id: p.chat_id, seq: p.seq })) } });
  return new Map(messages.map((m) => [m.chat_id, m]));
}

/**
 * Per chat, the messages from others after this user's last read: the visitor's and other agents'
 * (their notes included), never the user's own nor system lines. A chat the user is not in counts
 * from its start while it waits, and not at all otherwise.
 */
async function unreadOf(models: Models, userId: number, chats: Instance<ChatRow>[], participants: { chat_id: number; user_id: number; last_read_seq: number }[]) {
  const readUpTo = new Map(participants.filter((p) => p.user_id === userId).map((p) => [p.chat_id, p.last_read_seq]));
  const after = chats.flatMap((chat) => {
    const from = readUpTo.get(chat.id) ?? (chat.status === 'waiting' ? 0 : null);
    return from === null || from >= chat.last_seq ? [] : [{ chat_id: chat.id, seq: { [Op.gt]: from } }];
  });
  if (after.length === 0) return new Map<number, number>();
  const counts = await models.Message.count({
    where: { [Op.and]: [{ [Op.or]: after }, { message_type: { [Op.ne]: 'system' } }, { [Op.not]: { sender_type: 'agent', sender_id: userId } }] },
    group: ['chat_id'],
  });
  return new Map(counts.map((row) => [Number(row.chat_id), Number(row.count)]));
}
