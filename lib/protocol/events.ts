import type { AgentRef, AgentStatus, ChatDTO, FileDTO, MessageAnalysisDTO, MessageDTO, NotificationData, SenderType, VisitorSummaryDTO } from './dto.js';

/**
 * Everything that happens, as a typed union. On the wire an event is `{type: 'event', channel,
 * event}`, and `event.name` says which of these it is. Domain operations publish these on the bus after
 * commit; the realtime layer fans them out to channels, notifications and e-mail react to them.
 */
export type LivechatEvent =
  /** A visitor opened a chat (status `waiting`, or `offline` with no agent online), or an agent started one. On `visitors.{clientId}`. */
  | { name: 'chat.created'; clientId: number; chat: ChatDTO; visitor: VisitorSummaryDTO; clientName: string }
  /** A message was stored: `message.seq` is its place in the chat. On `chat.{chatId}` and `visitors.{clientId}`; visitors never get internal notes. */
  | { name: 'message.created'; clientId: number; chatId: number; message: MessageDTO }
  /**
   * A message was edited, deleted or reacted to: `message` is how it stands now, `seq` the change's
   * own place in the chat (changes and messages share one sequence, so `sync` replays changes too).
   * Goes where the message went.
   */
  | { name: 'message.updated'; clientId: number; chatId: number; seq: number; change: 'edit' | 'delete' | 'react'; message: MessageDTO }
  /** A visitor message was analysed (language, sentiment, intent), after it was stored and acknowledged. Agents only, on `chat.{chatId}` and `visitors.{clientId}`. */
  | { name: 'message.analyzed'; clientId: number; chatId: number; seq: number; analysis: MessageAnalysisDTO }
  /** A file was shared (its 'file' message comes as message.created too); `preview` says a thumbnail can be fetched. */
  | { name: 'file.shared'; clientId: number; chatId: number; messageId: number; seq: number; senderType: SenderType; file: FileDTO; preview: boolean }
  /** An agent took part in the chat. */
  | { name: 'agent.joined'; clientId: number; chatId: number; agent: AgentRef }
  /** An agent left the chat. */
  | { name: 'agent.left'; clientId: number; chatId: number; agent: AgentRef }
  /** The chat was handed to another agent (`mode: 'stay'`: the first one stays in it). Also on `agent.{to.id}`. */
  | { name: 'chat.transferred'; clientId: number; chatId: number; from: AgentRef | null; to: AgentRef; reason: string | null; mode: 'leave' | 'stay' }
  /** The chat ended. */
  | { name: 'chat.closed'; clientId: number; chatId: number; endedBy: 'agent' | 'visitor' | 'system' }
  /** Someone is typing (or stopped). `draft` is what the visitor is typing, sent to agents only. */
  | { name: 'typing'; clientId: number; chatId: number; from: 'visitor' | 'agent'; agent: AgentRef | null; isTyping: boolean; draft: string | null }
  /** The other side read the chat up to `seq`. */
  | { name: 'read'; clientId: number; chatId: number; reader: 'visitor' | 'agent'; agentId: number | null; seq: number }
  /** The other side's device got the chat's messages up to `seq` (before reading them). */
  | { name: 'delivered'; clientId: number; chatId: number; reader: 'visitor' | 'agent'; agentId: number | null; seq: number }
  /** A visitor moved to another page. On `visitors.{clientId}` and `monitoring`. */
  | { name: 'visitor.page'; clientId: number; visitorId: number; url: string; title: string | null }
  /** A visitor came online (first connection) or went offline (last one closed). On `visitors.{clientId}` and `monitoring`. */
  | { name: 'visitor.presence'; clientId: number; visitorId: number; online: boolean }
  /** An agent's status changed; `clientIds` are the websites the agent works on. On their `visitors.{clientId}` and `monitoring`. */
  | { name: 'agent.status'; agentId: number; status: AgentStatus; clientIds: number[] }
  /** An agent started a chat with a browsing visitor: the visitor's sockets follow it from now on. */
  | { name: 'chat.invited'; clientId: number; visitorId: number; chat: ChatDTO; agent: AgentRef }
  /**
   * Routing gave the chat to `agent` (reason `routed`, `manual`: by a super admin or manager), or
   * took it back (`agent: null`; reason `timeout`: the agent did not join in time; `department`:
   * transferred to a department) to give it to the next one. On `chat.{chatId}`, `visitors.{clientId}`
   * and, for an agent, `agent.{agent.id}` (the agent also gets a `chat_waiting` notification).
   */
  | { name: 'chat.assigned'; clientId: number; chatId: number; agent: AgentRef | null; reason: 'routed' | 'manual' | 'timeout' | 'department' }
  /**
   * An agent changed the chat's priority, or reopened it (closed -> waiting): its new state. On
   * `visitors.{clientId}`, and on `chat.{chatId}` (a priority change to agents only).
   */
  | { name: 'chat.updated'; clientId: number; chatId: number; change: 'priority' | 'reopened'; chat: ChatDTO }
  /**
   * The chat waits in the queue (every agent who could take it is at their cap): it is number
   * `position` (1: next), and the wait is about `estimatedWaitSeconds` (from the website's recent
   * first responses; null without any). Sent again each time the queue moves. On `chat.{chatId}`
   * (the visitor) and `visitors.{clientId}`.
   */
  | { name: 'queue.position'; clientId: number; chatId: number; position: number; estimatedWaitSeconds: number | null }
  /** A notification for one agent (`chat_waiting`, `offline_message`, `chat_transfer`), also sent as Web Push. On `agent.{userId}`. */
  | { name: 'notification'; userId: number; notification: { id: number; type: string; data: NotificationData; createdAt: string } };

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

/** What travels on the event bus (lib/events): the events above, and the internal ones no client receives. */
export type BusEvent = LivechatEvent | AccessChangedEvent;

export type EventName = LivechatEvent['name'];
export type EventOf<N extends EventName> = Extract<LivechatEvent, { name: N }>;

/** Channels as in the plan: a website's visitors, one chat, one agent, and the live monitoring view. */
export const channels = {
  /** Agents of that website, managers and super admins: its chats' events, new chats, visitors' pages and presence, agents' status. */
  visitors: (clientId: number) => `visitors.${clientId}`,
  /** The chat's visitor and the agents who may see the chat: its messages and everything else that happens in it. */
  chat: (chatId: number) => `chat.${chatId}`,
  /** That agent only (every agent socket is subscribed on connect): notifications and transfers to them. */
  agent: (userId: number) => `agent.${userId}`,
  /** One visitor's own channel (every visitor socket is on it): proactive chats. */
  visitor: (visitorId: number) => `visitor.${visitorId}`,
  /** Managers and super admins: visitors' pages and presence and agents' status, for all websites. */
  monitoring: 'monitoring',
} as const;
