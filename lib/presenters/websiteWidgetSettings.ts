import type { ClientRow } from '../db/models/client.js';
import { DEFAULT_WIDGET_SETTINGS, leadRequiredOf } from '../domain/schemas.js';
import type { WebsiteWidgetSettings } from '../protocol/http.js';

/** Every widget setting of a website, with the defaults for those it has not set (older websites lack the widget-only ones). */
export function websiteWidgetSettings(settings: ClientRow['widget_settings']): WebsiteWidgetSettings {
  const s = { ...DEFAULT_WIDGET_SETTINGS, ...settings };
  return {
    color: s.color,
    position: s.position,
    welcomeText: s.welcomeText,
    offlineText: s.offlineText,
    serviceTypes: s.serviceTypes ?? [],
    transcriptEmails: s.transcriptEmails,
    offlineTitle: s.offlineTitle ?? DEFAULT_WIDGET_SETTINGS.offlineTitle!,
    offlineThanks: s.offlineThanks ?? DEFAULT_WIDGET_SETTINGS.offlineThanks!,
    sound: s.sound ?? true,
    language: s.language ?? 'auto',
    leadRequired: leadRequiredOf(settings),
    customFields: s.customFields ?? [],
    consent: s.consent ?? null,
    rating: s.rating ?? true,
    agentAvatars: s.agentAvatars ?? true,
    whatsapp: s.whatsapp ?? null,
  };
}
