import type { AgentRef, ChatDTO, PreChatConsent, PreChatField } from './dto.js';

/**
 * The widget's own contracts, type-only: what POST /api/widget/session answers, and the messages
 * the host page's loader and the chat app's iframe exchange with postMessage.
 */
/** The languages the widget speaks (its texts in widget/app/texts.ts and lang/). */
export const WIDGET_LANGUAGES = ['en', 'es', 'fr', 'de', 'ar'] as const;
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];

export interface WidgetSettingsDTO {
  /** The website's name, shown in the chat header. */
  title: string;
  color: string;
  position: 'left' | 'right';
  welcomeText: string;
  offlineTitle: string;
  offlineText: string;
  offlineThanks: string;
  serviceTypes: string[];
  /** The website's departments: when it has any, the pre-chat form asks which one (`lead.departmentId`) instead of the service type. */
  departments: { id: number; name: string }[];
  logoUrl: string | null;
  sound: boolean;
  /** The widget's language, or "auto": the visitor's browser language when the widget has it, else English. */
  language: WidgetLanguage | 'auto';
  /** The lead form fields the visitor must fill in; the others are optional. */
  leadRequired: { name: boolean; email: boolean; phone: boolean };
  /** The website's own pre-chat questions (`lead.fields`), then its consent box (`lead.consent`), if any. */
  customFields: PreChatField[];
  consent: PreChatConsent | null;
  /** Whether to ask for a rating once a chat has ended. */
  rating: boolean;
  /** Whether agents' avatars show beside their messages. */
  agentAvatars: boolean;
  /** A "Continue on WhatsApp" link to this number, or null. */
  whatsapp: string | null;
  maxFileBytes: number;
  fileTypes: string[];
}

export interface WidgetSessionDTO {
  token: string;
  visitorKey: string;
  sessionKey: string;
  visitorId: number;
  /** The page view this load recorded, for the time-on-page report when the visitor leaves it. */
  pageVisitId: number | null;
  settings: WidgetSettingsDTO;
  agentsOnline: boolean;
  /** The chat going on (waiting, active, or an offline message): the loader loads the app at once. */
  openChat: ChatDTO | null;
  /** The visitor's latest chat, whatever its status: a returning visitor sees its history. */
  lastChat: ChatDTO | null;
  /** The agents who took part in lastChat, for their pseudo names and avatars. */
  agents: AgentRef[];
  leadFormFilled: boolean;
  /** Business hours: closed now (open false) means the offline form, or no widget when `outside` is hide. */
  hours: { open: boolean; nextOpenAt: string | null; outside: 'offline_form' | 'hide'; awayText: string };
  visitor: { name: string | null; email: string | null; phone: string | null };
  /**
   * What became of the host page's identify(): verified (signed; the lead form is skipped),
   * unverified (unsigned), refused with why (the loader warns in the console), or null (none).
   */
  identity: { status: 'verified' | 'unverified' | null } | { status: 'refused'; reason: 'forged' | 'expired' | 'not_configured' };
  /** Seconds on this page after which the loader asks for a proactive greeting (POST /api/widget/triggers/check); usually empty. */
  triggerWaits: number[];
}

/** Every bridge message carries this namespace, so neither side mistakes another script's messages. */
export const BRIDGE_NS = 'livechat:v1';

/** Loader (host page) -> chat app (iframe). */
export type HostToApp =
  /** `preview`: the dashboard's appearance editor shows the app with unsaved settings; it connects to nothing. */
  | { ns: typeof BRIDGE_NS; type: 'init'; session: WidgetSessionDTO; hostUrl: string; identity: { name?: string; email?: string }; preview?: boolean }
  | { ns: typeof BRIDGE_NS; type: 'visibility'; open: boolean; mobile: boolean }
  | { ns: typeof BRIDGE_NS; type: 'identify'; identity: { name?: string; email?: string } };

/** Chat app (iframe) -> loader (host page). */
export type AppToHost =
  | { ns: typeof BRIDGE_NS; type: 'ready' }
  | { ns: typeof BRIDGE_NS; type: 'minimize' }
  | { ns: typeof BRIDGE_NS; type: 'unread'; count: number }
  | { ns: typeof BRIDGE_NS; type: 'toast'; from: string; text: string };

/** A bridge message without its namespace (what a sender writes; the bridge adds `ns`). */
export type BridgeBody<T> = T extends unknown ? Omit<T, 'ns'> : never;

/** POST /api/widget/poll/open answers this: the long-poll session's id (networks that block WebSockets). */
export interface PollOpenDTO {
  pollId: string;
}

/** GET /api/widget/poll/{pollId}?cursor=: the server frames since the cursor, each a JSON text as on a socket. */
export interface PollBatchDTO {
  frames: string[];
  /** Send it as `cursor` in the next poll: the frames up to it are acknowledged and not sent again. */
  cursor: number;
}

/** POST /api/widget/chats/{chatId}/rating: the rating as stored (1–5) and its comment. */
export interface RatingDTO {
  chatId: number;
  rating: number | null;
  comment: string | null;
}
