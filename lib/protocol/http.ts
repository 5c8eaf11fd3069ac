import type { PreChatConsent, PreChatField, RoutingMode, DepartmentDTO, AgentStatus, ChatCardDTO, ChatDTO, ChatStatus, MessageAnalysisDTO, MessageDTO, NotificationData, SenderType } from './dto.js';
import type { WidgetLanguage } from './widget.js';

/**
 * The JSON bodies of the dashboard's HTTP API (/api/...), type-only. The server's presenters and
 * domain read-outs are typed with them and the dashboard reads them, so a renamed field fails the
 * typecheck of both. Errors are `{error: {code, message}}` (HttpErrorDTO) with a 4xx/5xx status.
 */

/** What a user may do: super admins everything, managers read every website, agents work on theirs. */
export type Role = 'super_admin' | 'manager' | 'agent';

/** An error answer: `code` for programs, `message` for people (it says what to do). */
export interface HttpErrorDTO {
  error: { code: string; message: string };
}

/** A dashboard user as admins see them (GET /api/agents, /api/clients/{id}/agents). */
export interface UserDTO {
  id: number;
  email: string;
  name: string;
  pseudoName: string;
  avatarUrl: string | null;
  role: Role;
  status: AgentStatus;
  isActive: boolean;
  lastSeenAt: string | null;
  createdAt: string | null;
  /** The most chats routing gives this agent at once. */
  maxChats: number;
  /** A manager allowed to assign waiting chats by hand. */
  canAssignChats: boolean;
  /** The websites the agent works on, where the answer lists them. */
  clientIds?: number[];
}

/** The signed-in user's own profile: UserDTO's fields (without `clientIds`), and these. `clientIds` null: every website. */
export interface ProfileDTO extends Omit<UserDTO, 'clientIds'> {
  preferences: Record<string, unknown>;
  clientIds: number[] | null;
  /** The password was set for this user by someone else (the CLI): every other API call answers 403 `password_change_required` until they change it. */
  mustChangePassword: boolean;
}

/** POST /api/auth/login and GET /api/auth/me: the user, and the CSRF token every write sends as `x-csrf-token`. */
export interface SessionDTO {
  user: ProfileDTO;
  csrfToken: string;
}

/** A website's widget settings as an admin edits them. */
export interface WebsiteWidgetSettings {
  color: string;
  position: 'left' | 'right';
  welcomeText: string;
  offlineText: string;
  serviceTypes: string[];
  transcriptEmails: boolean;
  /** The widget's offline form: its title and the thanks shown once a message is left. */
  offlineTitle: string;
  offlineThanks: string;
  /** Whether the widget beeps for an agent's message by default (each visitor can mute it). */
  sound: boolean;
  /** The widget's language, or 'auto' (the visitor's browser language when the widget has it, else English). */
  language: WidgetLanguage | 'auto';
  /** The lead form fields a visitor must fill in (websites made before this setting: name and e-mail). */
  leadRequired: { name: boolean; email: boolean; phone: boolean };
  /** The website's own pre-chat questions, after name, e-mail and phone. */
  customFields: PreChatField[];
  /** A consent box the visitor must tick before a chat, or null for none. */
  consent: PreChatConsent | null;
  /** Whether the widget asks the visitor to rate a chat once it has ended. */
  rating: boolean;
  /** Whether the widget shows the agents' avatars beside their messages. */
  agentAvatars: boolean;
  /** The number of the widget's "Continue on WhatsApp" link, or null for no link. */
  whatsapp: string | null;
}

/** A website (a "client") with its widget key and settings (GET /api/clients). */
export interface ClientDTO {
  id: number;
  name: string;
  widgetKey: string;
  domains: string[];
  logo: string | null;
  widgetSettings: WebsiteWidgetSettings;
  isActive: boolean;
  createdAt: string | null;
  /** How new chats are handed out (departments may override it). */
  routingMode: RoutingMode;
  /** Seconds an auto-assigned chat waits for its agent to join before it goes to the next one. */
  acceptTimeoutSeconds: number;
  /** The embed snippet, on the answers that create or show one website. */
  snippet?: string;
  /** The secret the website's backend signs identify() with: to super admins only, null until made. */
  identitySecret?: string | null;
}

/**
 * GET /api/setup-status (admins): what is not set up yet that visitors or agents would notice.
 * `websitesPromisingEmail`: the enabled websites whose offline texts promise an answer by e-mail,
 * a promise not kept while `mailConfigured` is false (no smtp.url).
 */
export interface SetupStatusDTO {
  mailConfigured: boolean;
  websitesPromisingEmail: { id: number; name: string }[];
}

/** A saved reply (GET /api/canned-responses); `clientId` null: for every website. */
export interface CannedResponseDTO {
  id: number;
  clientId: number | null;
  shortcut: string;
  title: string;
  body: string;
  updatedAt: string | null;
}

/** A knowledge-base article (GET /api/knowledge-articles): of one website, or global (clientId null). */
export interface KnowledgeArticleDTO {
  id: number;
  clientId: number | null;
  title: string;
  body: string;
  tags: string[];
  updatedAt: string | null;
}

/** GET /api/knowledge-articles/search?q=: the best-ranked articles first, with their score. */
export interface KnowledgeSearchDTO {
  results: { article: KnowledgeArticleDTO; score: number }[];
}

/** POST /api/knowledge-articles/import: how many articles a Markdown or CSV text made. */
export interface KnowledgeImportDTO {
  imported: number;
  articles: KnowledgeArticleDTO[];
}

/** GET/PUT /api/clients/{id}/assistant: when the website's assistant answers visitors (off, offline: no agent online, always: first), and its name. */
export interface AssistantSettingsDTO {
  clientId: number;
  mode: 'off' | 'offline' | 'always';
  name: string;
}

/** An entry of the notification bell (GET /api/notifications). */
export interface NotificationDTO {
  id: number;
  /** `chat_waiting`, `offline_message`, `chat_transfer`. */
  type: string;
  data: NotificationData;
  readAt: string | null;
  createdAt: string;
}

/** GET /api/notifications: the latest notifications, newest first, and how many are unread. */
export interface NotificationListDTO {
  notifications: NotificationDTO[];
  unread: number;
}

/** POST /api/notifications/read: how many stay unread. */
export interface UnreadCountDTO {
  unread: number;
}

/** A visitor's record as the chat's side panel shows it. */
export interface VisitorDTO {
  id: number;
  clientId: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  country: string | null;
  city: string | null;
  device: string | null;
  browser: string | null;
  os: string | null;
  firstVisitAt: string | null;
  lastVisitAt: string | null;
  totalVisits: number;
  /** 'verified': the website signed who this is (secure identity); 'unverified': its page said so unsigned. */
  identity: 'verified' | 'unverified' | null;
  /** The website's own user id, from a signed identify(). */
  userId: string | null;
  /** Custom attributes the website gave with a signed identify(). */
  attributes: Record<string, string | number>;
}

/** GET /api/chats/{id}/context: everything around a chat, for the side panel. */
export interface ChatContextDTO {
  card: ChatCardDTO;
  visitor: VisitorDTO | null;
  /** The visitor's latest visit (widget session). */
  visit: { referrer: string | null; landingPage: string | null; currentPage: string | null; utm: Record<string, string> | null; online: boolean; startedAt: string } | null;
  /** The pages of that visit, newest first. */
  pages: { url: string; title: string | null; at: string }[];
  /** The visitor's other chats, with their first line. */
  previousChats: { id: number; status: ChatDTO['status']; startedAt: string; summary: string | null }[];
  /** The files shared in this chat (`expired`: removed by the retention job). */
  files: { messageId: number; name: string | null; size: number | null; type: string | null; expired: boolean; at: string }[];
}

/** A visitor browsing one of the user's websites now (GET /api/visitors/online). */
export interface LiveVisitorDTO {
  visitorId: number;
  clientId: number;
  clientName: string;
  name: string | null;
  email: string | null;
  country: string | null;
  city: string | null;
  device: string | null;
  browser: string | null;
  os: string | null;
  currentPage: string | null;
  referrer: string | null;
  utm: Record<string, string> | null;
  startedAt: string;
  pagesViewed: number;
  /** The chat going on with this visitor, if any. */
  openChatId: number | null;
}

/** GET /api/search?q=: visitors and messages of the user's websites that match. */
export interface SearchResultsDTO {
  visitors: { id: number; clientId: number; name: string | null; email: string | null; phone: string | null; lastChatId: number | null }[];
  /** `body` is cut to 200 characters. */
  messages: { id: number; chatId: number; clientId: number; seq: number; body: string; internal: boolean; senderType: SenderType; visitorName: string | null; createdAt: string }[];
}

/** GET /api/inbox: the user's open chats (all of them); with `view=closed&page=`, a page of closed ones. */
export interface InboxDTO {
  chats: ChatCardDTO[];
  page: number;
  /** Closed view: more pages follow. */
  more: boolean;
}

/** GET /api/chats/{id}/messages: a page of messages, oldest first. */
export interface MessagePageDTO {
  messages: MessageDTO[];
  /** The AI readings of those of the page's visitor messages that were analysed (docs/ai.md). */
  analyses: MessageAnalysisDTO[];
}

/** POST /api/files/{messageId}/link (dashboard and widget): a short-lived download address. */
export interface DownloadLinkDTO {
  url: string;
  /** For a picture: its thumbnail (made at upload), to show in the conversation; null for other files. */
  previewUrl: string | null;
}

/** GET /api/agents, /api/clients/{id}/agents: users (admins: every user; with their websites). */
export interface AgentListDTO {
  agents: UserDTO[];
}

/** GET /api/clients: the websites the user may see. */
export interface ClientListDTO {
  clients: ClientDTO[];
}

/** GET /api/canned-responses: the saved replies the user may use. */
export interface CannedResponseListDTO {
  cannedResponses: CannedResponseDTO[];
}

/** GET /api/visitors/online. */
export interface LiveVisitorListDTO {
  visitors: LiveVisitorDTO[];
}

/** PATCH /api/profile, POST /api/profile/avatar: the profile as it is now. */
export interface ProfileUpdateDTO {
  profile: ProfileDTO;
}

/** GET /api/push/key: the server's VAPID public key for Web Push (null: push is not configured). */
export interface PushKeyDTO {
  publicKey: string | null;
}

/** POST /api/visitors/{id}/chat: the proactive chat and its first (agent) message. */
export interface ProactiveChatDTO {
  chat: ChatDTO;
  /** `false`: a chat with this visitor was going on already. */
  created: boolean;
  message: MessageDTO;
}

/** POST /api/chats/{id}/files (dashboard) and /api/widget/chats/{id}/files (widget): the file's message (201; 200 with `duplicate` for a resend). */
export interface FileShareDTO {
  message: MessageDTO;
  duplicate: boolean;
}

/** GET /api/history: one chat of the history, with its visitor, website and who answered it. */
export interface HistoryChatDTO {
  id: number;
  clientId: number;
  clientName: string;
  status: ChatStatus;
  leadFormFilled: boolean;
  serviceType: string | null;
  visitor: { id: number; name: string | null; email: string | null; phone: string | null };
  startedAt: string;
  firstResponseAt: string | null;
  endedAt: string | null;
  rating: number | null;
  ratingComment: string | null;
  /** Pseudo names of the agents who took part, in the order they joined. */
  agents: string[];
  /** Messages and files, system lines not counted. */
  messages: number;
  files: number;
}

/** GET /api/history: a page, newest first; `next` is the cursor of the next page (null: this was the last). */
export interface HistoryPageDTO {
  chats: HistoryChatDTO[];
  next: string | null;
}

/** POST /api/history/exports and GET /api/history/exports/{id}: a background export and how far it got. */
export interface HistoryExportDTO {
  id: number;
  status: 'running' | 'done' | 'failed';
  format: 'csv' | 'xlsx';
  withMessages: boolean;
  /** Chats written so far, of `total` (0 until counted). */
  done: number;
  total: number;
  bytes: number | null;
  /** What went wrong and what to do, when failed. */
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** Where to download the file, once done. */
  downloadUrl: string | null;
}

/** The figures of one set of chats in a report. Averages are null when there is nothing to average. */
export interface ReportChatFigures {
  chats: number;
  /** Ended or offline without an agent's answer. */
  missed: number;
  /** Chats whose lead form was filled. */
  conversions: number;
  avgFirstResponseSeconds: number | null;
  avgDurationSeconds: number | null;
  /** 1-5, two decimals. */
  avgRating: number | null;
}

/** GET /api/reports/figures: the Analytics page's figures for days `from`..`to` (both included) in the company's time zone. */
export interface ReportFiguresDTO {
  from: string;
  to: string;
  timeZone: string;
  overview: ReportChatFigures & { visitors: number; messages: number; files: number };
  /** First-response-time distribution: chats answered within [fromMinutes, toMinutes) (toMinutes null: no upper bound). */
  firstResponse: { fromMinutes: number; toMinutes: number | null; chats: number }[];
  /** Chats started, [weekday: Monday 0 … Sunday 6][hour 0-23], on the company's clock. */
  busiestHours: number[][];
  /** Every day of the period (the company's days) with the chats started and missed that day. */
  perDay: { day: string; chats: number; missed: number }[];
  /** Rated chats per number of stars, 1 to 5. */
  ratings: { stars: number; chats: number }[];
  byWebsite: (ReportChatFigures & { clientId: number; name: string; visitors: number; conversionRate: number | null })[];
  /** Agents who took part in the period's chats (an agent's own report: that agent only). */
  byAgent: (ReportChatFigures & { userId: number; name: string })[];
}

/** How often the scheduled report is e-mailed: weekly (Mondays, the week before) or monthly (the 1st, the month before). */
export type ReportFrequency = 'weekly' | 'monthly';

/** GET/PUT /api/reports/subscription: the user's own scheduled report, or null when he has none. */
export interface ReportSubscriptionDTO {
  subscription: {
    frequency: ReportFrequency;
    /** Website ids; null: every website he may see when it is sent. */
    clientIds: number[] | null;
  } | null;
}

/** A day of the week, as a website's schedule names it. */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** A website's business hours, as a super admin edits them (PUT /api/clients/{clientId}/business-hours). */
export interface BusinessHours {
  /** Off: always open (the schedule is kept for later). */
  enabled: boolean;
  /** IANA time zone the schedule is read in, e.g. Europe/Berlin. */
  timezone: string;
  /** Open ranges per day, "HH:MM" local times, `to` after `from` ("24:00" ends at midnight). */
  weekly: Record<Weekday, { from: string; to: string }[]>;
  /** Closed days (holidays), YYYY-MM-DD in the website's time zone. */
  closedDates: string[];
  /** Outside hours the widget shows the offline form, or hides itself. */
  outside: 'offline_form' | 'hide';
  /** Shown to visitors outside hours, above "We are back on …". */
  awayText: string;
}

/** GET /api/clients/{clientId}/business-hours: the hours (null: never set, always open) and whether the website is open now. */
export interface BusinessHoursDTO {
  hours: BusinessHours | null;
  open: boolean;
  /** When it opens next (ISO), while closed; null when open or never opening. */
  nextOpenAt: string | null;
}

/** A block of a website (GET /api/clients/{clientId}/blocks): a visitor or an address range. */
export interface VisitorBlockDTO {
  id: number;
  clientId: number;
  visitorId: number | null;
  ipRange: string | null;
  reason: string;
  createdBy: number | null;
  createdAt: string | null;
}

/** GET /api/clients/:clientId/departments, and each department route's answer (`department`). */
export interface DepartmentsResponse {
  departments: DepartmentDTO[];
}

/** PUT /api/clients/:clientId/routing: the website's routing (either field may be left out). */
export interface RoutingSettingsInput {
  routingMode?: RoutingMode;
  /** 5 to 600. */
  acceptTimeoutSeconds?: number;
}

/** POST /api/chats/:chatId/assign: give a waiting chat to an agent of its website (within the agent's cap). */
export interface AssignChatInput {
  agentId: number;
}
