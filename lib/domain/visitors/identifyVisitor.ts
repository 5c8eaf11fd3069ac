import crypto from 'node:crypto';
import { z } from 'zod';
import type { DomainContext } from '../types.js';
import { AppError } from '../../errors.js';
import { originAllowed } from './originAllowed.js';
import { utmOf } from './utm.js';
import type { DeviceInfo } from '../../tracking/device.js';
import type { Place } from '../../tracking/geo.js';
import { pageTitle, pageUrl } from '../schemas.js';
import { identityClaims } from './applyIdentity.js';

/** What the request says about the visitor, worked out by the caller (user agent parsing, IP lookup). */
export interface VisitMeta {
  origin: string | null;
  ip: string | null;
  device?: DeviceInfo | null;
  place?: Place | null;
}

export const identifyVisitorInput = z.object({
  widgetKey: z.string().min(1).max(64),
  visitorKey: z.string().uuid().optional(),
  sessionKey: z.string().uuid().optional(),
  page: z.object({ url: pageUrl, title: pageTitle.optional(), referrer: z.string().max(2048).optional() }).optional(),
  /** What the host page gave Livechat('identify', {...}) before the widget started (applyIdentity). */
  identity: identityClaims.optional(),
});

const SESSION_IDLE_MS = 30 * 60_000;

/**
 * The widget's first call on a page: which website (by widget key, only from its own domains),
 * which visitor (a returning visitor keeps their key), which visit (a new session after 30 idle
 * minutes, counted in total_visits, with its referrer, landing page and UTM parameters). Device,
 * browser, OS and place are refreshed on each new visit.
 */
export async function identifyVisitor(ctx: DomainContext, input: z.output<typeof identifyVisitorInput>, meta: VisitMeta) {
  const { models, transaction } = ctx;
  const client = await models.Client.findOne({ where: { widget_key: input.widgetKey, is_active: true }, transaction });
  if (!client) throw new AppError('unknown_widget', 'This widget key is unknown or the website is disabled.', 404);
  if (!originAllowed(meta.origin, client.domains)) {
    throw new AppError('origin_not_allowed', `The widget of ${client.name} may only run on its own domains (${client.domains.join(', ')}).`, 403);
  }
  const now = new Date();
  const visitorKey = input.visitorKey ?? crypto.randomUUID();
  let visitor = await models.Visitor.findOne({ where: { client_id: client.id, visitor_key: visitorKey }, transaction });
  // A browser still holding the key of a visitor merged into another (secure identity): that other one.
  if (visitor?.merged_into_id) visitor = await models.Visitor.findByPk(visitor.merged_into_id, { transaction });
  if (!visitor) {
    visitor = await models.Visitor.create({ client_id: client.id, visitor_key: visitorKey, ip_address: meta.ip, first_visit_at: now, last_visit_at: now, total_visits: 0 }, { transaction });
  }
  let session = input.sessionKey ? await models.VisitorSession.findOne({ where: { session_key: input.sessionKey, visitor_id: visitor.id }, transaction }) : null;
  if (!session || now.getTime() - new Date(session.last_activity_at).getTime() > SESSION_IDLE_MS) {
    session = await models.VisitorSession.create(
      {
        visitor_id: visitor.id,
        client_id: client.id,
        session_key: crypto.randomUUID(),
        referrer_url: input.page?.referrer || null,
        landing_page: input.page?.url ?? null,
        current_page: input.page?.url ?? null,
        utm: input.page ? utmOf(input.page.url) : null,
        is_online: true,
        started_at: now,
        last_activity_at: now,
      },
      { transaction },
    );
    const seen = {
      ...(meta.device ? { device: meta.device.device, browser: meta.device.browser, os: meta.device.os } : {}),
      ...(meta.place ? { country: meta.place.country, city: meta.place.city } : {}),
    };
    await visitor.update({ total_visits: visitor.total_visits + 1, last_visit_at: now, ip_address: meta.ip ?? visitor.ip_address, ...seen }, { transaction });
  } else {
    await session.update({ last_activity_at: now, is_online: true }, { transaction });
  }
  return { client, visitor, session };
}
