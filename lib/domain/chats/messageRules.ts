import { z } from 'zod';
import type { MessageRow } from '../../db/models/message.js';
import { AppError, invalid, notFound } from '../../errors.js';
import { formatIssues } from '../../formatIssues.js';
import { hidesChat, writeRefusal } from './chatWrite.js';
import { messageBody } from '../schemas.js';
import type { BatchFacts, LockedChat } from './messageStore.js';
import type { Sender } from './senders.js';

/**
 * The decisions of the message pipeline, in one place and without a database: given what a batch
 * read (its chats locked, the messages already stored under its clientMsgIds, the agents taking
 * part) each send is accepted, answered as a resend, or refused with a code. sendMessages reads the
 * facts, asks decide(), and writes what was accepted; every message takes this path (socket sends,
 * chat.start's first message, a proactive greeting, a shared file), whether alone or in a batch.
 */

export const clientMsgId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'may hold letters, digits and _ . : - only');

export const sendMessageInput = z.object({
  chatId: z.number().int().positive(),
  clientMsgId,
  body: messageBody,
  internal: z.boolean().optional(),
  /** The message this one answers (checked by domain/messages/replyTarget.ts before the send). */
  replyToId: z.number().int().positive().optional(),
});

/** The columns of a stored file (domain/files/shareFile.ts has checked and written it). */
export interface FileColumns {
  file_path: string;
  file_name: string;
  file_size: number;
  file_type: string;
}

/** The system's own lines in a chat ("Ann joined the chat"): no clientMsgId, never refused. */
export type SystemSender = { type: 'system' };

/** One send, its input checked: a text (body), a file (file, no body), or a system line. */
export interface Draft {
  sender: Sender | SystemSender;
  chatId: number;
  clientMsgId: string | null;
  body: string | null;
  internal?: boolean;
  file?: FileColumns;
  replyToId?: number;
}

export type Decision =
  | { kind: 'refuse'; error: AppError }
  /** Already stored by this sender under this clientMsgId: answer with it. */
  | { kind: 'resend'; message: MessageRow }
  /** A second copy of an earlier send in the same batch: it gets that one's answer (see answerCopy). */
  | { kind: 'copy'; of: number }
  | { kind: 'accept'; chat: LockedChat; internal: boolean; name: string | null };

/** A socket's message.send input, or the reason it is refused (invalid_input, nothing stored). */
export function parseText(sender: Sender, raw: unknown): Draft | AppError {
  const result = sendMessageInput.safeParse(raw);
  if (!result.success) return invalid(`The input is not valid: ${formatIssues(result.error.issues).join('; ')}`);
  const { chatId, clientMsgId: id, body, internal, replyToId } = result.data;
  return { sender, chatId, clientMsgId: id, body, internal, replyToId };
}

/** Another sender's message holds this clientMsgId in the chat; nothing of it is told. */
export const clientMsgIdTaken = () =>
  new AppError('client_msg_id_taken', 'This clientMsgId is already used by another message in this chat: send it again with a new clientMsgId.', 409);

/**
 * A message found under a sender's (chat, clientMsgId) is a resend only if that sender wrote it.
 * Anyone else's message (an agent's internal note, the visitor's own words to an agent) is a
 * conflict, or an idempotency answer would hand it to whoever guessed its id.
 */
export function resendOf(message: MessageRow, sender: Sender | SystemSender): Decision {
  const senderId = sender.type === 'agent' ? sender.userId : sender.type === 'visitor' ? sender.visitorId : null;
  if (message.sender_type === sender.type && Number(message.sender_id) === senderId) return { kind: 'resend', message };
  return { kind: 'refuse', error: clientMsgIdTaken() };
}

/**
 * The plan's note form: a message that starts with `@` and the pseudo name of an agent of this
 * website ("@Sam can you take this?") is a note between agents, never shown to the visitor.
 */
export function isNoteTo(body: string | null, agentNames: readonly string[]): boolean {
  if (!body?.startsWith('@')) return false;
  const text = body.slice(1).toLowerCase();
  return agentNames.some((a) => {
    const name = a.toLowerCase();
    return text.startsWith(name) && (text.length === name.length || /[\s,:]/.test(text[name.length]));
  });
}

/** The websites whose agents' names decide() needs: those of chats an agent writes `@...` in. */
export function websitesToNameAgents(drafts: Draft[], facts: BatchFacts): number[] {
  const ids = drafts.filter((d) => d.sender.type === 'agent' && !d.internal && !d.file && d.body?.startsWith('@')).map((d) => facts.chats.get(d.chatId)?.client_id);
  return [...new Set(ids.filter((id): id is number => id !== undefined))];
}

const key = (d: Draft) => `${d.chatId}:${d.clientMsgId}`;

/**
 * One decision per draft, in order: a chat the sender may not see is "not found" before anything
 * else; then a stored message under the clientMsgId (the sender's own is a resend, even in a chat
 * closed since; anyone else's is client_msg_id_taken); then a copy earlier in the batch; then the
 * write policy (closed, not joined, a visitor's internal note). The system writes in any chat that
 * exists (its lines tell what happened to it, closing included). An agent's message is internal when
 * asked, or in the note form (agentNames: per website, see websitesToNameAgents).
 */
export function decide(drafts: Draft[], facts: BatchFacts, agentNames: ReadonlyMap<number, readonly string[]> = new Map()): Decision[] {
  const claimed = new Map<string, number>();
  return drafts.map((d, i): Decision => {
    const chat = facts.chats.get(d.chatId);
    if (d.sender.type === 'system') return chat ? { kind: 'accept', chat, internal: false, name: null } : { kind: 'refuse', error: notFound('chat') };
    const participant = d.sender.type === 'agent' ? facts.participants.get(`${d.chatId}:${d.sender.userId}`) : undefined;
    const refusal = writeRefusal(d.sender, chat, participant !== undefined, d);
    if (hidesChat(refusal)) return { kind: 'refuse', error: refusal! };
    const sent = d.clientMsgId === null ? null : key(d);
    const resend = sent === null ? undefined : facts.resends.get(sent);
    if (resend) return resendOf(resend, d.sender);
    const first = sent === null ? undefined : claimed.get(sent);
    if (first !== undefined) return { kind: 'copy', of: first };
    if (refusal) return { kind: 'refuse', error: refusal };
    if (sent !== null) claimed.set(sent, i);
    const internal = d.sender.type === 'agent' && !d.file && (d.internal === true || isNoteTo(d.body, agentNames.get(chat!.client_id) ?? []));
    return { kind: 'accept', chat: chat!, internal, name: d.sender.type === 'agent' ? participant! : chat!.visitor_name };
  });
}
