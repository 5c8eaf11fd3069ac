import { Op } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { LiveVisitorDTO } from '../../protocol/http.js';

/**
 * Everyone browsing the given websites now (`visible` null: all), newest visit first, with what
 * the live visitors page shows: page, time on site, pages viewed, referrer/UTM, location, device,
 * and the open chat if there is one.
 */
export async function listLiveVisitors(models: Models, visible: number[] | null): Promise<LiveVisitorDTO[]> {
  const sessions = await models.VisitorSession.findAll({
    where: { is_online: true, ...(visible ? { client_id: { [Op.in]: visible } } : {}) },
    order: [['started_at', 'DESC']],
    limit: 500,
  });
  const visitorIds = [...new Set(sessions.map((s) => s.visitor_id))];
  const [visitors, clients, counts, openChats] = await Promise.all([
    models.Visitor.findAll({ where: { id: { [Op.in]: visitorIds } } }),
    models.Client.findAll({ where: { id: { [Op.in]: [...new Set(sessions.map((s) => s.client_id))] } }, attributes: ['id', 'name'] }),
    sessions.length
      ? models.PageVisit.count({ where: { visitor_session_id: { [Op.in]: sessions.map((s) => s.id) } }, group: ['visitor_session_id'] })
      : [],
    models.Chat.findAll({ where: { visitor_id: { [Op.in]: visitorIds }, status: { [Op.in]: ['waiting', 'active'] } }, attributes: ['id', 'visitor_id'] }),
  ]);
  const visitorById = new Map(visitors.map((v) => [v.id, v]));
  const clientName = new Map(clients.map((c) => [c.id, c.name]));
  const pagesOf = new Map(counts.map((c) => [Number(c.visitor_session_id), Number(c.count)]));
  const chatOf = new Map(openChats.map((c) => [c.visitor_id, c.id]));
  const seen = new Set<number>();
  return sessions
    .filter((s) => !seen.has(s.visitor_id) && seen.add(s.visitor_id))
    .map((s) => {
      const v = visitorById.get(s.visitor_id);
      return {
        visitorId: s.visitor_id,
        clientId: s.client_id,
        clientName: clientName.get(s.client_id) ?? '',
        name: v?.name ?? null,
        email: v?.email ?? null,
        country: v?.country ?? null,
        city: v?.city ?? null,
        device: v?.device ?? null,
        browser: v?.browser ?? null,
        os: v?.os ?? null,
        currentPage: s.current_page,
        referrer: s.referrer_url,
        utm: s.utm,
        startedAt: new Date(s.started_at).toISOString(),
        // The widget session records the page it opened on as a page visit, then one per page
        // view; a session with a landing page and no visit recorded yet still viewed that one.
        pagesViewed: Math.max(pagesOf.get(s.id) ?? 0, s.landing_page ? 1 : 0),
        openChatId: chatOf.get(s.visitor_id) ?? null,
      };
    });
}
