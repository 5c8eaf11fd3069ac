import type { ClientRow } from '../db/models/client.js';
import type { UserRow } from '../db/models/user.js';
import type { ChatRow } from '../db/models/chat.js';
import type { DepartmentRow } from '../db/models/department.js';
import type { DepartmentDTO } from '../protocol/dto.js';
import type { MessageRow } from '../db/models/message.js';
import type { VisitorRow } from '../db/models/visitor.js';
import { chatDTO, messageDTO } from './realtime.js';
import type { ClientDTO, ProfileDTO, UserDTO, VisitorDTO } from '../protocol/http.js';
import { websiteWidgetSettings } from './websiteWidgetSettings.js';

/** Model rows -> the JSON the dashboard, the widget and `--json` CLI output receive. */
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** `snippet` is given to those who manage websites, and with it the identity secret. */
export const presentClient = (c: ClientRow, snippet?: string): ClientDTO => ({
  id: c.id,
  name: c.name,
  widgetKey: c.widget_key,
  domains: c.domains,
  logo: c.logo,
  widgetSettings: websiteWidgetSettings(c.widget_settings),
  isActive: Boolean(c.is_active),
  createdAt: iso(c.created_at),
  routingMode: c.routing_mode ?? 'notify_all',
  acceptTimeoutSeconds: c.accept_timeout_seconds ?? 30,
  ...(snippet ? { snippet, identitySecret: c.identity_secret ?? null } : {}),
});

export const presentUser = (u: UserRow, extra: { clientIds?: number[] } = {}): UserDTO => ({
  id: u.id,
  email: u.email,
  name: u.name,
  pseudoName: u.pseudo_name,
  avatarUrl: u.avatar ? `/api/avatars/${u.id}` : null,
  role: u.role,
  status: u.status,
  isActive: Boolean(u.is_active),
  lastSeenAt: iso(u.last_seen_at),
  createdAt: iso(u.created_at),
  maxChats: u.max_chats ?? 3,
  canAssignChats: Boolean(u.can_assign_chats),
  ...extra,
});

export const presentOwnProfile = (u: UserRow, clientIds: number[] | null): ProfileDTO => ({
  ...presentUser(u),
  preferences: u.preferences,
  clientIds,
  mustChangePassword: Boolean(u.must_change_password),
});

export const presentVisitor = (v: VisitorRow): VisitorDTO => ({
  id: v.id,
  clientId: v.client_id,
  name: v.name,
  email: v.email,
  phone: v.phone,
  country: v.country,
  city: v.city,
  device: v.device,
  browser: v.browser,
  os: v.os,
  firstVisitAt: iso(v.first_visit_at),
  lastVisitAt: iso(v.last_visit_at),
  totalVisits: v.total_visits,
  identity: v.identity_status ?? null,
  userId: v.external_user_id ?? null,
  attributes: v.attributes ? (JSON.parse(v.attributes) as Record<string, string | number>) : {},
});

/** Chats and messages have one shape everywhere: the protocol's DTOs (lib/presenters/realtime.ts). */
export const presentChat = (c: ChatRow) => chatDTO(c);
export const presentMessage = (m: MessageRow, senderName: string | null = null) => messageDTO(m, senderName);

/** A department with its agents (lib/domain/routing/saveDepartment.ts). */
export const presentDepartment = (d: { department: DepartmentRow; agentIds: number[] }): DepartmentDTO => ({
  id: d.department.id,
  clientId: d.department.client_id,
  name: d.department.name,
  routingMode: d.department.routing_mode ?? null,
  agentIds: d.agentIds,
});
