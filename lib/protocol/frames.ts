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
  /** For rate limits: when to try again. */
  retryAfterMs?: number;
}

/**
 * The reply to `sync`. Per chat, the missed messages come first as `message.created` events; this
 * reply comes after them and ends the sync (there is no separate end frame).
 */
export type SyncReply = {
  /**
   * Per chat: you now hold every message you may see up to this seq; send it as that chat's
   * position in the next `sync`. Seqs you skip (internal notes a visitor may not see) are not gaps.
   */
  chats: Record<string, number>;
  /** Chats you may not follow (another tenant's, or not yours): nothing was sent for them. */
  refused: number[];
  /**
   * Chats with more missed messages than one answer carries (500): sync them again from the
   * position in `chats`, until this list is empty.
   */
  more: number[];
};

/** Frames the server sends. */
export type ServerFrame =
  | { type: 'hello'; connectionId: string; role: 'agent' | 'visitor'; userId?: number; visitorId?: number; serverTime: string }
  | ({ type: 'reply'; ref: string; ok: true } & Record<string, unknown>)
  | { type: 'reply'; ref: string; ok: false; error: ReplyError }
  | { type: 'event'; channel: string; event: LivechatEvent }
  | { type: 'error'; error: ReplyError };
