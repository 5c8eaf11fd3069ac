import type { z } from 'zod';
import type { DomainContext } from '../types.js';
import type { MessageRow } from '../../db/models/message.js';
import type { Sender } from './senders.js';
import { sendMessageInput } from './sendMessage.js';
import { isInternalNote } from './internalNotes.js';
import { chatClosed, notParticipant } from './errors.js';
import { ownResend } from './resends.js';
import { AppError, invalid, notFound } from '../../errors.js';
import { formatIssues } from '../../config/load.js';
import { messageDTO } from '../../presenters/realtime.js';
import type { MessageBatchStore } from './batch/store.js';
import type { LockedChat } from './batch/statements.js';

export interface SendRequest {
  sender: Sender;
  input: z.input<typeof sendMessageInput>;
}
export type SendOutcome =
  | { ok: true; message: MessageRow; duplicate: boolean }
  | { ok: false; error: AppError };

/**
 * sendMessage for many messages in one transaction (the group-commit path): a fixed number of
 * statements per batch, whatever its size (batch/statements.ts): the chats locked and read once
 * with any resends, every chat's seq moved on in one UPDATE, all rows written in one INSERT. The
 * store runs them in the transaction its owner opened (batch/store.ts). Each request gets its
 * own outcome; a refused one (closed chat, not a participant, bad input) does not stop the
 * others, and a resend answers with the stored message. Same rules as sendMessage, which handles
 * single sends.
 */
export async function sendMessages(ctx: DomainContext, store: MessageBatchStore, requests: SendRequest[]): Promise<SendOutcome[]> {
  const { models, transaction } = ctx;
  const outcomes: (SendOutcome | null)[] = requests.map(() => null);
  const parsed = requests.map((r, i) => {
    const result = sendMessageInput.safeParse(r.input);
    if (!result.success) outcomes[i] = { ok: false, error: invalid(`The input is not valid: ${formatIssues(result.error.issues).join('; ')}`) };
    return result.success ? result.data : null;
  });
  const live = requests.map((r, i) => ({ ...r, i, input: parsed[i]! })).filter((r) => r.input);
  if (live.length === 0) return outcomes as SendOutcome[];

  const chatIds = [...new Set(live.map((r) => r.input.chatId))];
  const agentIds = [...new Set(live.filter((r) => r.sender.type === 'agent').map((r) => (r.sender as { userId: number }).userId))];
  const { chats, resends, participants } = await store.read({ chatIds, sent: live.map((r) => [r.input.chatId, r.input.clientMsgId]), agentIds });

  const accepted: { i: number; chat: LockedChat; sender: Sender; body: string; clientMsgId: string; internal: boolean; name: string | null }[] = [];
  const claimed = new Map<string, number>();
  for (const r of live) {
    const chat = chats.get(r.input.chatId);
    const key = `${r.input.chatId}:${r.input.clientMsgId}`;
    if (!chat || (r.sender.type === 'visitor' && chat.visitor_id !== r.sender.visitorId)) outcomes[r.i] = { ok: false, error: notFound('chat') };
    else if (resends.has(key)) outcomes[r.i] = resendOutcome(resends.get(key)!, r.sender);
    else if (claimed.has(key)) outcomes[r.i] = { ok: false, error: new AppError('duplicate_in_batch', 'sent twice at once', 409) };
    else if (chat.status === 'closed') outcomes[r.i] = { ok: false, error: chatClosed() };
    else if (r.sender.type === 'agent' && !participants.has(`${chat.id}:${r.sender.userId}`)) outcomes[r.i] = { ok: false, error: notParticipant() };
    else {
      const internal = r.sender.type === 'agent' && (r.input.internal === true || (await isInternalNote(models, chat.client_id, r.input.body, transaction)));
      const name = r.sender.type === 'agent' ? participants.get(`${chat.id}:${r.sender.userId}`)! : chat.visitor_name;
      claimed.set(key, r.i);
      accepted.push({ i: r.i, chat, sender: r.sender, body: r.input.body, clientMsgId: r.input.clientMsgId, internal, name });
    }
  }
  if (accepted.length === 0) return finish(outcomes, requests, claimed);

  // The chats are locked, so their last_seq holds until commit: number the rows here.
  const now = new Date();
  const counts = new Map<number, number>();
  const nextSeq = new Map<number, number>();
  const rows = accepted.map((a) => {
    const seq = (nextSeq.get(a.chat.id) ?? a.chat.last_seq) + 1;
    nextSeq.set(a.chat.id, seq);
    counts.set(a.chat.id, (counts.get(a.chat.id) ?? 0) + 1);
    return {
      chat_id: a.chat.id,
      seq,
      client_msg_id: a.clientMsgId,
      sender_type: a.sender.type,
      sender_id: a.sender.type === 'agent' ? a.sender.userId : a.sender.visitorId,
      body: a.body,
      is_internal: a.internal,
    };
  });
  const firstReplies = [...new Set(accepted.filter((a) => a.sender.type === 'agent' && !a.internal && !a.chat.first_response_at).map((a) => a.chat.id))];
  const stored = await store.write({ counts, rows, firstReplies, now });
  accepted.forEach((a, k) => {
    const message = stored.get(`${rows[k].chat_id}:${rows[k].seq}`)!;
    outcomes[a.i] = { ok: true, message, duplicate: false };
    ctx.emit({ name: 'message.created', clientId: a.chat.client_id, chatId: a.chat.id, message: messageDTO(message, a.name) });
  });
  return finish(outcomes, requests, claimed);
}

/** A stored message under the request's clientMsgId: the sender's own is a resend, anyone else's a conflict. */
function resendOutcome(message: MessageRow, sender: Sender): SendOutcome {
  try {
    return { ok: true, message: ownResend(message, sender)!, duplicate: true };
  } catch (error) {
    return { ok: false, error: error as AppError };
  }
}

/** A second copy of a message in the same batch gets the first copy's answer, if the same sender sent both. */
function finish(outcomes: (SendOutcome | null)[], requests: SendRequest[], claimed: Map<string, number>): SendOutcome[] {
  return outcomes.map((o, i) => {
    if (o && !(o.ok === false && o.error.code === 'duplicate_in_batch')) return o;
    const first = outcomes[claimed.get(`${requests[i].input.chatId}:${requests[i].input.clientMsgId}`)!];
    if (first?.ok) return resendOutcome(first.message, requests[i].sender);
    return first ?? { ok: false, error: notFound('chat') };
  });
}
