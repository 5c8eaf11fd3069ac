import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { Instance } from '../../db/models/types.js';
import type { ChatRow } from '../../db/models/chat.js';
import type { VisitorRow } from '../../db/models/visitor.js';
import { chatCards, type ChatCard } from './chatCards.js';
import type { ChatContextDTO } from '../../protocol/http.js';

/** The side panel's facts (lib/presenters/chats.ts presentChatContext makes the protocol's ChatContextDTO of it). */
export type ChatContext = Omit<ChatContextDTO, 'card' | 'visitor'> & { card: ChatCard; visitor: VisitorRow | null };

/**
 * Everything the chat's side panel shows: the visitor's profile and visit (referrer, UTM, page
 * history), their previous chats with a one-line summary, and the files shared in this chat.
 */
export async function chatContext(models: Models, userId: number, chat: Instance<ChatRow>): Promise<ChatContext> {
  const [card] = await chatCards(models, userId, [chat]);
  const visitor = await models.Visitor.findByPk(chat.visitor_id);
  const session = await models.VisitorSession.findOne({ where: { visitor_id: chat.visitor_id }, order: [['id', 'DESC']] });
  const pages = session
    ? await models.PageVisit.findAll({ where: { visitor_session_id: session.id }, order: [['id', 'DESC']], limit: 50 })
    : [];
  const previous = await models.Chat.findAll({ where: { visitor_id: chat.visitor_id, id: { [Op.ne]: chat.id } }, order: [['id', 'DESC']], limit: 10 });
  const firstLines = previous.length
    ? await models.Message.findAll({ where: { chat_id: { [Op.in]: previous.map((c) => c.id) }, sender_type: 'visitor', message_type: 'text' }, order: [['seq', 'ASC']] })
    : [];
  const summaryOf = new Map<number, string>();
  for (const m of firstLines) if (!summaryOf.has(m.chat_id)) summaryOf.set(m.chat_id, (m.body ?? '').slice(0, 120));
  const files = await models.Message.findAll({ where: { chat_id: chat.id, message_type: 'file' }, order: [['seq', 'ASC']] });
  return {
    card,
    visitor,
    visit: session
      ? { referrer: session.referrer_url, landingPage: session.landing_page, currentPage: session.current_page, utm: session.utm, online: Boolean(session.is_online), startedAt: new Date(session.started_at).toISOString() }
      : null,
    pages: withLandingPage(
      pages.map((p) => ({ url: p.page_url, title: p.page_title, at: new Date(p.visited_at).toISOString() })),
      session && session.landing_page ? { url: session.landing_page, title: null, at: new Date(session.started_at).toISOString() } : null,
    ),
    previousChats: previous.map((c) => ({ id: c.id, status: c.status, startedAt: new Date(c.started_at).toISOString(), summary: summaryOf.get(c.id) ?? null })),
    files: files.map((m) => ({ messageId: m.id, name: m.file_name, size: m.file_size, type: m.file_type, expired: Boolean(m.file_deleted_at), at: new Date(m.created_at).toISOString() })),
  };
}

/** The timeline, newest first, ends with the page the visit began on (it is the session's, not a page.view row). */
function withLandingPage<P extends { url: string }>(pages: P[], landing: P | null): P[] {
  if (!landing || pages.at(-1)?.url === landing.url) return pages;
  return pages.length < 50 ? [...pages, landing] : pages;
}
