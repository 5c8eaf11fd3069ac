import type { Config } from '../config/schema.js';
import type { ClientRow } from '../db/models/client.js';
import { DEFAULT_WIDGET_SETTINGS } from '../domain/schemas.js';
import type { WidgetSettingsDTO } from '../protocol/widget.js';

/** A website's widget settings as the widget uses them: every key present, defaults for what was never set. */
export function widgetSettingsDTO(client: Pick<ClientRow, 'name' | 'logo' | 'widget_settings'>, files: Config['files']): WidgetSettingsDTO {
  const s = { ...DEFAULT_WIDGET_SETTINGS, ...client.widget_settings };
  return {
    title: client.name,
    color: s.color,
    position: s.position,
    welcomeText: s.welcomeText,
    offlineTitle: s.offlineTitle ?? DEFAULT_WIDGET_SETTINGS.offlineTitle!,
    offlineText: s.offlineText,
    offlineThanks: s.offlineThanks ?? DEFAULT_WIDGET_SETTINGS.offlineThanks!,
    serviceTypes: s.serviceTypes ?? [],
    logoUrl: client.logo && /^(https:\/\/|\/)/.test(client.logo) ? client.logo : null,
    sound: s.sound ?? true,
    maxFileBytes: files.maxBytes,
    fileTypes: files.allowedTypes,
  };
}
