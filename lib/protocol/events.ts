import type { AgentRef, AgentStatus, ChatDTO, FileDTO, MessageDTO, SenderType, VisitorSummaryDTO } from './dto.js';

/**
 * Everything that happens, as a typed union. Domain operations publish these on the bus after
 * commit; the realtime layer fans them out to channels, notifications and e-mail react to them.
 */
export type LivechatEvent =
  | { name: 'chat.created'; clientId: number; chat: ChatDTO; visitor: VisitorSummaryDTO; clientName: string }
  | { name: 'message.created'; clientId: number; chatId: number; message: MessageDTO }
  /** A file was shared (its 'file' message comes as message.created too); `preview` says a thumbnail can be fetched. */
  | { name: 'file.shared'; clientId: number; chatId: number; messageId: number; seq: number; senderType: SenderType; file: FileDTO; preview: boolean }
  | { name: 'agent.joined'; clientId: number; chatId: number; agent: AgentRef }
  | { name: 'agent.left'; clientId: number; chatId: number; agent: AgentRef }
  | { name: 'chat.transferred'; clientId: number; chatId: number; from: AgentRef | null; to: AgentRef; reason: string | null; mode: 'leave' | 'stay' }
  | { name: 'chat.closed'; clientId: number; chatId: number; endedBy: 'agent' | 'visitor' | 'system' }
  | { name: 'typing'; clientId: number; chatId: number; from: 'visitor' | 'agent'; agent: AgentRef | null; isTyping: boolean; draft: string | null }
  | { name: 'read'; clientId: number; chatId: number; reader: 'visitor' | 'agent'; agentId: number | null; seq: number }
  | { name: 'visitor.page'; clientId: number; visitorId: number; url: string; title: string | null }
  | { name: 'visitor.presence'; clientId: number; visitorId: number; online: boolean }
  | { name: 'agent.status'; agentId: number; status: AgentStatus; clientIds: number[] }
  /** An agent started a chat with a browsing visitor: the visitor's sockets follow it from now on. */
  | { name: 'chat.invited'; clientId: number; visitorId: number; chat: ChatDTO; agent: AgentRef }
  | { name: 'notification'; userId: number; notification: { id: number; type: string; data: Record<string, unknown>; createdAt: string } }
  | AccessChangedEvent;

/** Why someone's access changed (for logs; every node re-reads the rights themselves from the database). */
export type AccessChangeReason = 'agent.disabled' | 'agent.role_changed' | 'agent.unassigned' | 'password.changed' | 'password.reset' | 'signed_out' | 'client.disabled';

/**
 * Internal, never sent to a client: someone's rights just changed, so every node re-checks the
 * open connections concerned (an agent's: its session, role and channels; a website's visitors:
 * whether the website is still enabled) and closes or narrows them. It names whose access to
 * re-check and carries no rights itself, so a late or repeated one does no harm.
 */
export type AccessChangedEvent =
  | { name: 'access.changed'; scope: 'user'; userId: number; reason: AccessChangeReason }
  | { name: 'access.changed'; scope: 'client'; clientId: number; reason: AccessChangeReason };

export type EventName = LivechatEvent['name'];
export type EventOf<N extends EventName> = Extract<LivechatEvent, { name: N }>;

/** Channels as in the plan: a website's visitors, one chat, one agent, and the live monitoring view. */
export const channels = {
  visitors: (clientId: number) => `visitors.${clientId}`,
  chat: (chatId: number) => `chat.${chatId}`,
  agent: (userId: number) => `agent.${userId}`,
  /** One visitor's own channel (every visitor socket is on it): proactive chats. */
  visitor: (visitorId: number) => `visitor.${visitorId}`,
  monitoring: 'monitoring',
} as const;
