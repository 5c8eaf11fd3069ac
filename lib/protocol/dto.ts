/**
 * The JSON shapes the server sends to the dashboard and the widget. Type-only: imported by the
 * server, the dashboard and the widget alike, so the three can never disagree silently.
 */
export type ChatStatus = 'waiting' | 'active' | 'closed' | 'offline';
export type ChatPriority = 'low' | 'medium' | 'high' | 'urgent';
export type SenderType = 'agent' | 'visitor' | 'system';
/** `busy`: signed in and working, but routing gives them no new chats. */
export type AgentStatus = 'online' | 'busy' | 'away' | 'offline';
/** How a website (or one of its departments) hands out new chats: ring every agent, take turns, or the agent with the fewest open chats. */
export type RoutingMode = 'notify_all' | 'round_robin' | 'least_busy';

export interface AgentRef {
  id: number;
  pseudoName: string;
  avatarUrl: string | null;
}

export interface FileDTO {
  name: string | null;
  size: number | null;
  type: string | null;
  expired: boolean;
}

export interface MessageDTO {
  id: number;
  chatId: number;
  seq: number;
  clientMsgId: string | null;
  senderType: SenderType;
  senderId: number | null;
  /** The agent's pseudo name (agents), the visitor's name (visitors), null for system messages. */
  senderName: string | null;
  type: 'text' | 'file' | 'system';
  body: string | null;
  internal: boolean;
  file: FileDTO | null;
  isRead: boolean;
  createdAt: string;
  /** The message this one answers, in the same chat (clients quote it from the one they hold). */
  replyToId: number | null;
  /** Set once its sender edited it (the text before each edit stays for agents: `message.history`). */
  editedAt: string | null;
  /** Set once its sender deleted it: `body` and `file` are null from then on ("This message was deleted"). */
  deletedAt: string | null;
  /** Per emoji (REACTION_EMOJI), who reacted: "agent:{userId}" or "visitor:{visitorId}"; the count is its length. */
  reactions: ReactionDTO[];
  /** The other side's device got it (`read` implies it): sent -> delivered -> read. */
  delivered: boolean;
}

export interface ReactionDTO {
  emoji: string;
  by: string[];
}

/** The emoji a message may be reacted with (`message.react`); anything else is refused. */
export const REACTION_EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;
export type ReactionEmoji = (typeof REACTION_EMOJI)[number];

/** What `message.history` tells agents of a message: each edit's previous text, and a delete. */
export interface MessageChangeDTO {
  kind: 'edit' | 'delete';
  /** edit: the text before it; delete: the deleted text (null when the website's setting removes it). */
  previousBody: string | null;
  by: string;
  at: string;
}

/** The AI layer's reading of a visitor message (docs/ai.md), shown to agents only. */
export interface MessageAnalysisDTO {
  messageId: number;
  /** ISO 639-1 code (en, es, fr). */
  language: string;
  /** -1 (very negative) .. +1 (very positive). */
  sentiment: number;
  polarity: 'positive' | 'neutral' | 'negative';
  /** A built-in intent (greeting, thanks, bye, human, complaint, pricing, order_status, cancel, refund, technical), or null. */
  intent: string | null;
  wantsHuman: boolean;
}

export interface VisitorSummaryDTO {
  id: number;
  name: string | null;
  email: string | null;
  country: string | null;
  city: string | null;
  currentPage: string | null;
  /** 'verified': the website signed who this is (secure identity); 'unverified': its page said so unsigned. */
  identity: 'verified' | 'unverified' | null;
}

export interface ChatDTO {
  id: number;
  clientId: number;
  visitorId: number;
  status: ChatStatus;
  leadFormFilled: boolean;
  serviceType: string | null;
  lastSeq: number;
  startedAt: string | null;
  lastMessageAt: string | null;
  endedAt: string | null;
  endedBy: string | null;
  previousChatId: number | null;
  /** The department the visitor chose (pre-chat form) or the chat was transferred to. */
  departmentId: number | null;
  /** The agent routing gave the chat to, or who took it; null while it waits. */
  assignedAgentId: number | null;
  /** The visitor's answers to the website's own pre-chat questions (custom fields), as asked. */
  leadFields: LeadFieldValue[];
  /** When the visitor gave the website's consent (pre-chat form), or null. */
  consentAt: string | null;
  /** low, medium, high, urgent: urgent waiting chats come first. */
  priority: ChatPriority;
}

/** A website's own pre-chat question: a text, a choice among options, or a checkbox; required or not. */
export interface PreChatField {
  /** Its name in `lead.fields` (letters, digits, - and _). */
  key: string;
  label: string;
  type: 'text' | 'select' | 'checkbox';
  required: boolean;
  /** A select's choices. */
  options?: string[];
}

/** One answer to a website's pre-chat question, with the label it was asked with (a checkbox: "yes"/"no"). */
export interface LeadFieldValue {
  key: string;
  label: string;
  value: string;
}

/** The consent box of a website's pre-chat form: its text and the privacy policy it links to. */
export interface PreChatConsent {
  text: string;
  privacyUrl: string | null;
}

/** A chat as the dashboard's lists show it (GET /api/inbox). */
export interface ChatCardDTO {
  chat: ChatDTO;
  clientName: string;
  visitor: { id: number; name: string | null; email: string | null; currentPage: string | null; online: boolean };
  participants: AgentRef[];
  lastMessage: MessageDTO | null;
  /** Messages this user has not read (for a waiting chat: all of them). */
  unread: number;
}

/** What a notification (the bell, Web Push) is about: always its chat; the other fields by its type. */
export interface NotificationData {
  chatId: number;
  clientId: number;
  /** `chat_waiting`, `offline_message`: the website's name. */
  clientName?: string;
  visitorId?: number;
  visitorName?: string | null;
  /** `chat_transfer`: who handed the chat over (null: the system). */
  from?: string | null;
  /** `chat_transfer`: the reason given, if any. */
  reason?: string | null;
  /** `chat_escalated`: the assistant's short summary of what the visitor asked (docs/ai.md). */
  summary?: string;
}

/** A website's team (Sales, Support…): agents belong to several; a department may route its own way. */
export interface DepartmentDTO {
  id: number;
  clientId: number;
  name: string;
  /** null: the website's mode. */
  routingMode: RoutingMode | null;
  agentIds: number[];
}
