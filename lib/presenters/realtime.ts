import type { ChatRow } from '../db/models/chat.js';
import type { MessageRow } from '../db/models/message.js';
import type { UserRow } from '../db/models/user.js';
import type { VisitorRow } from '../db/models/visitor.js';
import type { AgentRef, ChatDTO, FileDTO, MessageDTO, ReactionDTO, VisitorSummaryDTO } from '../protocol/dto.js';

/** Rows -> the protocol's DTOs (lib/protocol/dto.ts), shared by HTTP, WebSocket and long polling. */
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export const agentRef = (u: Pick<UserRow, 'id' | 'pseudo_name' | 'avatar'>): AgentRef => ({
  id: u.id,
  pseudoName: u.pseudo_name,
  avatarUrl: u.avatar ? `/api/avatars/${u.id}` : null,
});

export const fileDTO = (m: MessageRow): FileDTO => ({ name: m.file_name, size: m.file_size, type: m.file_type, expired: Boolean(m.file_deleted_at) });

export const messageDTO = (m: MessageRow, senderName: string | null): MessageDTO => ({
  id: m.id,
  chatId: m.chat_id,
  seq: m.seq,
  clientMsgId: m.client_msg_id,
  senderType: m.sender_type,
  senderId: m.sender_id,
  senderName,
  type: m.message_type,
  body: m.body,
  internal: Boolean(m.is_internal),
  file: m.message_type === 'file' && !m.deleted_at ? fileDTO(m) : null,
  isRead: Boolean(m.is_read),
  createdAt: iso(m.created_at)!,
  replyToId: m.reply_to_id ?? null,
  editedAt: iso(m.edited_at),
  deletedAt: iso(m.deleted_at),
  reactions: reactionsDTO(m.reactions),
  delivered: Boolean(m.delivered_at) || Boolean(m.is_read),
});

/** The reactions column (JSON, emoji -> who) as the protocol lists them; emoji nobody holds are left out. */
export function reactionsDTO(stored: string | null | undefined): ReactionDTO[] {
  if (!stored) return [];
  const byEmoji = JSON.parse(stored) as Record<string, string[]>;
  return Object.entries(byEmoji).filter(([, by]) => by.length > 0).map(([emoji, by]) => ({ emoji, by }));
}

export const chatDTO = (c: ChatRow): ChatDTO => ({
  id: c.id,
  clientId: c.client_id,
  visitorId: c.visitor_id,
  status: c.status,
  leadFormFilled: Boolean(c.lead_form_filled),
  serviceType: c.service_type ?? null,
  lastSeq: c.last_seq,
  startedAt: iso(c.started_at),
  lastMessageAt: iso(c.last_message_at),
  endedAt: iso(c.ended_at),
  endedBy: c.ended_by,
  previousChatId: c.previous_chat_id,
  departmentId: c.department_id ?? null,
  assignedAgentId: c.assigned_agent_id ?? null,
  leadFields: c.lead_fields ?? [],
  consentAt: iso(c.consent_at ?? null),
  priority: c.priority ?? 'medium',
});

export const visitorSummary = (v: VisitorRow, currentPage: string | null = null): VisitorSummaryDTO => ({
  id: v.id,
  name: v.name,
  email: v.email,
  country: v.country,
  city: v.city,
  currentPage,
  identity: v.identity_status ?? null,
});
