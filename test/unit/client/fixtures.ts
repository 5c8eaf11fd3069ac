import { createPinia, setActivePinia } from 'pinia';
import type { AgentRef, ChatCardDTO, ChatDTO, MessageDTO } from '../../../lib/protocol/dto.js';
import type { EventOf } from '../../../lib/protocol/events.js';
import type { Profile } from '../../../client/src/api/types.js';
import { useSession } from '../../../client/src/stores/session.js';

/** A fresh Pinia for each test, signed in as agent `me`. */
export function signedInAs(me: number) {
  setActivePinia(createPinia());
  const profile: Profile = { id: me, email: `a${me}@example.test`, name: `Agent ${me}`, pseudoName: `A${me}`, avatarUrl: null, role: 'agent', status: 'online', isActive: true, preferences: {}, clientIds: null };
  useSession().setProfile(profile);
}

export const agent = (id: number): AgentRef => ({ id, pseudoName: `A${id}`, avatarUrl: null });

export function chat(id: number, over: Partial<ChatDTO> = {}): ChatDTO {
  return { id, clientId: 1, visitorId: 100 + id, status: 'waiting', leadFormFilled: true, serviceType: null, lastSeq: 0, startedAt: '2026-01-01T10:00:00.000Z', lastMessageAt: null, endedAt: null, endedBy: null, previousChatId: null, priority: 'medium', ...over };
}

export function card(id: number, over: Partial<ChatDTO> = {}, participants: AgentRef[] = []): ChatCardDTO {
  return { chat: chat(id, over), clientName: 'Shop', visitor: { id: 100 + id, name: `Visitor ${id}`, email: null, currentPage: null, online: true }, participants, lastMessage: null, unread: 0 };
}

export function message(chatId: number, seq: number, over: Partial<MessageDTO> = {}): MessageDTO {
  return { id: chatId * 1000 + seq, chatId, seq, clientMsgId: null, senderType: 'visitor', senderId: null, senderName: 'Visitor', type: 'text', body: `m${seq}`, internal: false, file: null, isRead: false, createdAt: `2026-01-01T10:00:${String(seq).padStart(2, '0')}.000Z`, ...over };
}

export function chatCreated(id: number): EventOf<'chat.created'> {
  const c = chat(id);
  return { name: 'chat.created', clientId: 1, chat: c, clientName: 'Shop', visitor: { id: c.visitorId, name: `Visitor ${id}`, email: null, country: null, city: null, currentPage: '/home', identity: null } };
}

/**
 * Swaps the browser's fetch for one whose answers the test releases by hand, so a test can let
 * events arrive while a list request is out. Only the transport is replaced; the store runs as is.
 */
export function heldFetch() {
  const real = globalThis.fetch;
  const waiting: { path: string; answer: (body: unknown) => void }[] = [];
  globalThis.fetch = ((path: string) =>
    new Promise<Response>((resolve) => waiting.push({ path: String(path), answer: (body) => resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })) }))) as typeof fetch;
  return {
    waiting,
    restore: () => (globalThis.fetch = real),
  };
}
