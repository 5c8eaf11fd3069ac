import type { Models } from '../../db/models/index.js';
import { DEFAULT_WIDGET_SETTINGS } from '../schemas.js';

/** "e-mail", "email", "E-Mail": the offline texts' way of saying an answer comes by mail. */
const MENTIONS_EMAIL = /\be-?mail\b/i;

/**
 * The enabled websites whose offline form (its text or its thank-you line, the defaults included)
 * tells visitors they will be answered by e-mail. Without SMTP that promise is not kept: doctor
 * warns and GET /api/setup-status tells the dashboard (one rule for both).
 */
export async function websitesPromisingEmail(models: Models): Promise<{ id: number; name: string }[]> {
  const clients = await models.Client.findAll({ where: { is_active: true }, order: [['name', 'ASC']] });
  return clients
    .filter((client) => {
      const s = { ...DEFAULT_WIDGET_SETTINGS, ...client.widget_settings };
      return [s.offlineText, s.offlineThanks, s.offlineTitle].some((text) => typeof text === 'string' && MENTIONS_EMAIL.test(text));
    })
    .map((client) => ({ id: client.id, name: client.name }));
}
