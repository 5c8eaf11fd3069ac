import type { Config } from '../config/schema.js';
import type { ClientRow } from '../db/models/client.js';
import { LEAD_FIELDS, leadRequiredOf, type LeadRequired } from '../domain/schemas.js';
import { websiteWidgetSettings } from './websiteWidgetSettings.js';
import { formPerChat } from '../domain/chats/preChatForm.js';
import type { WidgetSessionDTO, WidgetSettingsDTO } from '../protocol/widget.js';
import type { openWidgetSession } from '../domain/visitors/openWidgetSession.js';
import { agentRef, chatDTO } from './realtime.js';

/** A website's widget settings as the widget uses them: every key present, defaults for the keys not set. */
export function widgetSettingsDTO(client: Pick<ClientRow, 'name' | 'logo' | 'widget_settings'>, files: Config['files'], departments: { id: number; name: string }[] = []): WidgetSettingsDTO {
  const s = websiteWidgetSettings(client.widget_settings);
  return {
    title: client.name,
    color: s.color,
    position: s.position,
    welcomeText: s.welcomeText,
    offlineTitle: s.offlineTitle,
    offlineText: s.offlineText,
    offlineThanks: s.offlineThanks,
    serviceTypes: s.serviceTypes,
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    logoUrl: client.logo && /^(https:\/\/|\/)/.test(client.logo) ? client.logo : null,
    sound: s.sound,
    language: s.language,
    leadRequired: s.leadRequired,
    customFields: s.customFields,
    consent: s.consent,
    rating: s.rating,
    agentAvatars: s.agentAvatars,
    whatsapp: s.whatsapp,
    maxFileBytes: files.maxBytes,
    fileTypes: files.allowedTypes,
  };
}

/** The visitor gave the lead form before: every field the website requires, and something at least. */
function leadFormFilled(v: { name: string | null; email: string | null; phone: string | null }, required: LeadRequired) {
  return LEAD_FIELDS.every((k) => !required[k] || v[k]) && LEAD_FIELDS.some((k) => v[k]);
}

/** The answer to the widget's session call (POST /api/widget/session). */
export function widgetSessionDTO(s: Awaited<ReturnType<typeof openWidgetSession>>, files: Config['files']): WidgetSessionDTO {
  return {
    token: s.token,
    visitorKey: s.visitor.visitor_key,
    sessionKey: s.session.session_key,
    visitorId: s.visitor.id,
    pageVisitId: s.pageVisitId,
    settings: widgetSettingsDTO(s.client, files, s.departments),
    agentsOnline: s.agentsOnline,
    openChat: s.openChat ? chatDTO(s.openChat) : null,
    lastChat: s.lastChat ? chatDTO(s.lastChat) : null,
    agents: s.agents.map(agentRef),
    hours: {
      open: s.hours.open,
      nextOpenAt: s.hours.nextOpenAt?.toISOString() ?? null,
      outside: s.client.business_hours?.outside ?? 'offline_form',
      awayText: s.client.business_hours?.awayText ?? '',
    },
    // A form asked for every chat (its own required questions, consent) is filled for the open chat
    // only. Otherwise a visitor the website vouched for (secure identity) is not asked who they are;
    // what an unsigned identify() said only prefills the form, until the visitor sends it (startChat).
    leadFormFilled: formPerChat(s.client.widget_settings)
      ? Boolean(s.openChat)
      : s.visitor.identity_status === 'verified' || (s.visitor.identity_status !== 'unverified' && leadFormFilled(s.visitor, leadRequiredOf(s.client.widget_settings))),
    identity: s.identity,
    visitor: { name: s.visitor.name, email: s.visitor.email, phone: s.visitor.phone },
    triggerWaits: s.triggerWaits,
  };
}
