import type { LivechatEvent } from './events.js';
import type { AgentStatus } from './dto.js';

/** Frames a dashboard or widget sends. `ref` (when present) is echoed in the server's reply. */
export type ClientFrame =
  | { type: 'subscribe'; ref: string; channel: string }
  | { type: 'unsubscribe'; ref: string; channel: string }
  | { type: 'sync'; ref: string; chats: Record<string, number> }
  | { type: 'message.send'; ref: string; chatId: number; clientMsgId: string; body: string; internal?: boolean }
  | { type: 'typing'; chatId: number; isTyping: boolean; draft?: string }
  | { type: 'read'; ref?: string; chatId: number; seq: number }
  | { type: 'chat.start'; ref: string; clientMsgId?: string; message?: string; lead?: LeadForm }
  | { type: 'chat.join'; ref: string; chatId: number }
  | { type: 'chat.leave'; ref: string; chatId: number }
  | { type: 'chat.transfer'; ref: string; chatId: number; toAgentId: number; reason?: string; mode: 'leave' | 'stay' }
  | { type: 'chat.close'; ref: string; chatId: number }
  | { type: 'status.set'; ref: string; status: AgentStatus }
  | { type: 'page.view'; url: string; title?: string };

export interface LeadForm {
  name: string;
  email: string;
  phone: string;
  serviceType?: string;
}

export type ClientFrameType = ClientFrame['type'];

export interface ReplyError {
  code: string;
  message: string;
  /** For rate limits and `unavailable` (the database did not answer): when to try again. */
  retryAfterMs?: number;
}

/** Frames the server sends. */
export type ServerFrame =
  | { type: 'hello'; connectionId: string; role: 'agent' | 'visitor'; userId?: number; visitorId?: number; serverTime: string }
  | ({ type: 'reply'; ref: string; ok: true } & Record<string, unknown>)
  | { type: 'reply'; ref: string; ok: false; error: ReplyError }
  | { type: 'event'; channel: string; event: LivechatEvent }
  | { type: 'sync.done'; ref: string }
  /**
   * Events may have been missed (the event bus between nodes was down and is back): run `sync`
   * for every followed chat and reload lists, as after a reconnect.
   */
  | { type: 'resync' }
  | { type: 'error'; error: ReplyError };
