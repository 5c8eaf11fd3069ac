import type { CannedResponseRow } from '../db/models/cannedResponse.js';
import type { NotificationRow } from '../db/models/notification.js';
import type { CannedResponseDTO, KnowledgeArticleDTO, NotificationDTO } from '../protocol/http.js';
import type { KnowledgeArticleRow } from '../db/models/knowledgeArticle.js';

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

export const presentKnowledgeArticle = (a: KnowledgeArticleRow): KnowledgeArticleDTO => ({
  id: a.id,
  clientId: a.client_id,
  title: a.title,
  body: a.body,
  tags: a.tags ? a.tags.split(',').filter(Boolean) : [],
  updatedAt: iso(a.updated_at),
});

export const presentNotification = (n: NotificationRow): NotificationDTO => ({
  id: n.id,
  type: n.type,
  data: n.data,
  readAt: iso(n.read_at),
  createdAt: new Date(n.created_at).toISOString(),
});
