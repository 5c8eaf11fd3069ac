import type { LivechatEvent } from './events.js';
import type { AgentStatus, ChatDTO, ChatPriority, MessageChangeDTO } from './dto.js';

/**
 * Frames a dashboard or widget sends, one JSON text each. A frame with a `ref` (1–64 characters,
 * the client's choice) gets exactly one `reply` with the same `ref`; frames without one get no reply.
 */
export type ClientFrame =
  /** Listen on a channel (see Channels for who may). Reply `{channel}`, or `forbidden_channel`. */
  | { type: 'subscribe'; ref: string; channel: string }
  /** Stop listening on a channel. Reply `{channel}`. */
  | { type: 'unsubscribe'; ref: string; channel: string }
  /**
   * Get what you missed: per chat (at most 200), the last seq you hold (0: from the start). The
   * missed messages and changes come first as `message.created` and `message.updated` events, in seq order, then the reply
   * (`SyncReply`); sync again from its positions while `more` lists chats. Refused chats get nothing.
   */
  | { type: 'sync'; ref: string; chats: Record<string, number> }
  /**
   * Write in a chat. `clientMsgId` is made once per message: a resend with the same one gets the
   * first message's ack with `duplicate: true` and stores nothing. Reply, only after the commit:
   * `{id, seq, chatId, clientMsgId, duplicate}`. `internal` (agents): a note visitors never see.
   */
  | { type: 'message.send'; ref: string; chatId: number; clientMsgId: string; body: string; internal?: boolean; replyToId?: number }
  /**
   * Change your own text message within `chat.editWindowMinutes` of sending it. Like every change
   * (edit, delete, react), it takes the chat's next seq and comes to everyone as `message.updated`;
   * `clientChangeId` is made once per change: a resend gets the first ack with `duplicate: true`.
   * Reply `{messageId, seq, duplicate}`. Refused: another's message (`forbidden`), after the window
   * (`edit_window_closed`), a deleted one (`message_deleted`).
   */
  | { type: 'message.edit'; ref: string; chatId: number; messageId: number; clientChangeId: string; body: string }
  /** Delete your own message: it shows as deleted on both sides. Reply `{messageId, seq, duplicate}`. */
  | { type: 'message.delete'; ref: string; chatId: number; messageId: number; clientChangeId: string }
  /** Toggle your reaction (one of REACTION_EMOJI) on a message you can see. Reply `{messageId, seq, duplicate}`. */
  | { type: 'message.react'; ref: string; chatId: number; messageId: number; clientChangeId: string; emoji: string }
  /** Agents: a message's earlier texts (edits) and deleted text, for the audit. Reply `{changes}`. */
  | { type: 'message.history'; ref: string; chatId: number; messageId: number }
  /** The messages of the other side up to `seq` reached this device (sent -> delivered -> read). Reply `{seq}` when a `ref` is given. */
  | { type: 'delivered'; ref?: string; chatId: number; seq: number }
  /** Typing on or off, at most one every 400 ms unless the state changes; `draft` reaches agents only. No reply. */
  | { type: 'typing'; chatId: number; isTyping: boolean; draft?: string }
  /** Everything up to `seq` in the chat is read. Reply `{seq}` when a `ref` is given. */
  | { type: 'read'; ref?: string; chatId: number; seq: number }
  /**
   * Visitors: open a chat, or get back the one going on. Reply `{chat, created, message?: {id, seq,
   * duplicate}}`; the socket then follows `chat.{id}`. With no agent online it is an offline message.
   */
  | { type: 'chat.start'; ref: string; clientMsgId?: string; message?: string; lead?: LeadForm }
  /** Agents: take part in a chat. Reply `{chat, joined}`; the socket then follows `chat.{id}`. */
  | { type: 'chat.join'; ref: string; chatId: number }
  /** Agents: leave a chat. Reply `{left}`. */
  | { type: 'chat.leave'; ref: string; chatId: number }
  /**
   * Agents: hand a chat to another agent (`toAgentId`), leaving it or staying in it, or to a
   * department of its website (`toDepartmentId`, one of the two): the chat waits for that
   * department's agents and is routed the department's way. Reply `{chat, toAgentId}` (null for a department).
   */
  | { type: 'chat.transfer'; ref: string; chatId: number; toAgentId?: number; toDepartmentId?: number; reason?: string; mode: 'leave' | 'stay' }
  /** End a chat (visitor or agent). Reply `{chat, closed}`. */
  | { type: 'chat.close'; ref: string; chatId: number }
  /** Agents (not managers): how pressing the chat is; urgent, then high waiting chats come first. Reply `{chat}`. */
  | { type: 'chat.priority'; ref: string; chatId: number; priority: ChatPriority }
  /** Agents (not managers): open a closed chat again; it waits with its history kept. Reply `{chat, reopened}`. */
  | { type: 'chat.reopen'; ref: string; chatId: number }
  /** Agents: set your status. Reply `{status}`. */
  | { type: 'status.set'; ref: string; status: AgentStatus }
  /** Visitors: the page the visitor is on now (agents see it live). No reply. */
  | { type: 'page.view'; url: string; title?: string };

/** The lead form of `chat.start`, when the website asks for one. */
export interface LeadForm {
  /** Each required or not as the website says (settings.leadRequired); an optional one may be left out. */
  name?: string;
  email?: string;
  phone?: string;
  serviceType?: string;
  /** One of the website's departments (settings.departments), when it has any. */
  departmentId?: number;
  /** Answers to the website's own questions (settings.customFields) by key: text, option, or true/false for a checkbox. */
  fields?: Record<string, string | boolean>;
  /** The visitor ticked the website's consent box (settings.consent): required when it has one. */
  consent?: boolean;
}

export type ClientFrameType = ClientFrame['type'];

/** Why a frame failed: in a `reply` with `ok: false`, or in an `error` frame. */
export interface ReplyError {
  /** One of `ErrorCode`. */
  code: string;
  /** For people: says what to do. */
  message: string;
  /** With `rate_limited`, `unavailable` and `disk_full`: send the same frame again after this many ms. */
  retryAfterMs?: number;
}

/** The codes a `ReplyError` carries, and what a client does about each. */
export type ErrorCode =
  /** The frame is not JSON, or not a valid frame (the message lists what is wrong). Nothing changed; the connection stays open. */
  | 'bad_frame'
  /** Too many frames or messages: send the same frame again after `retryAfterMs`. */
  | 'rate_limited'
  /** The database is out of reach for now: send the same frame (same `clientMsgId`) again after `retryAfterMs`. */
  | 'unavailable'
  /** A disk is full on the server: nothing was stored; send the same frame (same `clientMsgId`) again after `retryAfterMs`. */
  | 'disk_full'
  /** No such chat, or one you may not see: other tenants' ids look like ids that do not exist. */
  | 'not_found'
  /** `subscribe` to a channel you may not listen on. */
  | 'forbidden_channel'
  /** Your role does not allow it (managers read chats but do not take part). */
  | 'forbidden'
  /** Agents: join the chat (`chat.join`) before writing in it. */
  | 'not_participant'
  /** The chat is closed: start a new one (`chat.start`). */
  | 'chat_closed'
  /** A visitor's `message.send` asked for `internal`: only agents write internal notes; send it without. */
  | 'notes_for_agents'
  /** `message.edit` after `chat.editWindowMinutes`: the message stays as it is. */
  | 'edit_window_closed'
  /** The message was deleted: it cannot be edited, deleted again or reacted to. */
  | 'message_deleted'
  /** Another sender's message already holds this `clientMsgId` in the chat (nothing of it is returned): send again with a new `clientMsgId`. */
  | 'client_msg_id_taken'
  /** A frame only visitors send (`chat.start`, `page.view`) came from an agent. */
  | 'visitors_only'
  /** Visitors: the website has blocked this visitor (by visitor or by address range): no chat starts and no message is taken; do not retry. POST /api/widget/session answers 403 with the same code. */
  | 'visitor_blocked'
  /** A field has a wrong value the schema could not see (the message names it). */
  | 'invalid_input'
  /** A bug on the server; it has been logged. Sending the same frame again is safe but may fail the same way. */
  | 'internal'
  /** Sent by the server on its own in an `error` frame: this connection's rights narrowed (removed from a website, role changed) and it left the channels the message names. Its next frames are judged by the new rights. */
  | 'access_changed';

/** WebSocket close codes the server uses, and what a client does after each. */
export const closeCodes = {
  /** The server is going away (shutdown or restart): reconnect soon, then `sync`. */
  goingAway: 1001,
  /** A frame was over `chat.maxFrameBytes`: do not send it again; reconnect. */
  tooBig: 1009,
  /** The agent's access ended (account disabled, signed out, session ended by a password change or reset, or expired): do not reconnect with the same credentials; sign in again. An agent who only lost some rights (removed from a website, made an agent) keeps the socket and gets `access_changed`. */
  accessRevoked: 4401,
  /** The website was disabled: do not reconnect. */
  websiteDisabled: 4403,
} as const;

/** The most chats one `sync` may name; a client following more sends several. */
export const SYNC_MAX_CHATS = 200;

/**
 * The reply to `sync`. Per chat, the missed messages and changes (edits, deletes, reactions) come first as `message.created` and `message.updated` events, in seq order; this
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

/**
 * The answer to each client frame that gets one: the fields of its `reply` (`ok: true`) besides
 * `type`, `ref` and `ok`. The server's frame handlers are typed against it and the shared client's
 * `request()` returns it, so the two cannot drift. `typing` and `page.view` get no reply.
 */
export interface FrameReplies {
  /** The channel you now listen on. */
  subscribe: { channel: string };
  /** The channel you left. */
  unsubscribe: { channel: string };
  /** Where each chat now stands (see SyncReply). */
  sync: SyncReply;
  /** The stored message (or the first one, for a resend: `duplicate: true`). */
  'message.send': { id: number; seq: number; chatId: number; clientMsgId: string; duplicate: boolean };
  /** The seq the chat is now read up to. */
  read: { seq: number };
  /** The edit's seq (for a resend: the first one's, `duplicate: true`). */
  'message.edit': MessageChangeAck;
  /** The delete's seq (for a resend: the first one's, `duplicate: true`). */
  'message.delete': MessageChangeAck;
  /** The reaction toggle's seq (for a resend: the first one's, `duplicate: true`). */
  'message.react': MessageChangeAck;
  /** Oldest first. */
  'message.history': { changes: MessageChangeDTO[] };
  /** The seq the chat is now delivered up to. */
  delivered: { seq: number };
  /** The visitor's chat; `created: false` when it was already going on. `message`: the first message, when one was sent. */
  'chat.start': { chat: ChatDTO; created: boolean; message?: { id: number; seq: number; duplicate: boolean } };
  /** The chat; `joined: false` when you were in it already. */
  'chat.join': { chat: ChatDTO; joined: boolean };
  /** `left: false` when you were not in the chat. */
  'chat.leave': { left: boolean };
  /** The chat after the hand-over, and who has it now. */
  'chat.transfer': { chat: ChatDTO; toAgentId: number | null };
  /** The chat; `closed: false` when it was closed already. */
  'chat.close': { chat: ChatDTO; closed: boolean };
  /** The chat with its new priority. */
  'chat.priority': { chat: ChatDTO };
  /** The chat; `reopened: false` when it was open already. */
  'chat.reopen': { chat: ChatDTO; reopened: boolean };
  /** Your status now. */
  'status.set': { status: AgentStatus };
}

/** The answer to an edit, a delete or a reaction. */
export interface MessageChangeAck {
  messageId: number;
  seq: number;
  duplicate: boolean;
}

/** The client frames that get a reply (every one but `typing` and `page.view`). */
export type RequestType = keyof FrameReplies;

/** What a handler of frame type `T` answers: its reply's fields, or nothing for frames without a reply. */
export type FrameReply<T extends ClientFrameType> = T extends RequestType ? FrameReplies[T] : void;

/** The `reply` to a frame of type `T`, as the shared client hands it back: its fields when `ok`, else the error. */
export type ReplyTo<T extends RequestType> = ({ type: 'reply'; ref: string; ok: true } & FrameReplies[T]) | { type: 'reply'; ref: string; ok: false; error: ReplyError };

/** Frames the server sends, one JSON text each. */
export type ServerFrame =
  /**
   * The first frame on every connection. It can arrive together with the upgrade response, so
   * attach the message handler before the socket reports open. `userId` for agents, `visitorId` for visitors.
   */
  | { type: 'hello'; connectionId: string; role: 'agent' | 'visitor'; userId?: number; visitorId?: number; serverTime: string }
  /** A frame with this `ref` succeeded; the other fields are that frame's answer (see Frames a client sends). */
  | ({ type: 'reply'; ref: string; ok: true } & Record<string, unknown>)
  /** A frame with this `ref` failed and changed nothing. */
  | { type: 'reply'; ref: string; ok: false; error: ReplyError }
  /** Something happened on a channel this socket listens on (see Events). Each event comes once per socket. */
  | { type: 'event'; channel: string; event: LivechatEvent }
  /** A frame without a `ref` failed (or one that could not be read at all). */
  | { type: 'error'; error: ReplyError }
  /** Live events may have been missed (the cluster's event bus was cut off): run `sync` for every chat you follow. */
  | { type: 'resync' };
