import type { CannedResponseRow } from '../db/models/cannedResponse.js';
import type { NotificationRow } from '../db/models/notification.js';
import type { CannedResponseDTO, NotificationDTO } from '../protocol/http.js';

/** The dashboard's saved replies and bell entries as JSON. */
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export const presentCannedResponse = (r: CannedResponseRow): CannedResponseDTO => ({
  id: r.id,
  clientId: r.client_id,
  shortcut: r.shortcut,
  title: r.title,
  body: r.body,
  updatedAt: iso(r.updated_at),
});

export const presentNotification = (n: NotificationRow): NotificationDTO => ({
  id: n.id,
  type: n.type,
  data: n.data,
  readAt: iso(n.read_at),
  createdAt: new Date(n.created_at).toISOString(),
});
