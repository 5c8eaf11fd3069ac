import type { DomainContext } from '../types.js';
import type { MessageRow } from '../../db/models/message.js';
import { AppError, notFound } from '../../errors.js';
import type { MessageBatchStore, NewMessageRow } from './messageStore.js';
import { decide, parseText, resendOf, websitesToNameAgents, type Decision, type Draft } from './messageRules.js';
import { agentNamesOf } from './internalNotes.js';
import type { Sender } from './senders.js';

/** A socket's send: the input as the frame gave it (checked here). */
export interface SendRequest {
  sender: Sender;
  input: unknown;
}
/** senderName: as message.created showed it (null for a resend, as the first ack carries no name). */
export type SendOutcome = { ok: true; message: MessageRow; duplicate: boolean; senderName: string | null } | { ok: false; error: AppError };

/**
 * The message pipeline: every chat message is stored here, alone (a batch of one) or with others
 * in one transaction (group commit, messagePipeline.ts). A fixed number of statements per batch,
 * whatever its size (db/messages/statements.ts): the chats locked and read once with any resends,
 * every chat's seq moved on in one UPDATE, all rows written in one INSERT. The rules are
 * messageRules.ts decide(); each draft gets its own outcome, and a refused one does not stop the
 * others. message.created goes to ctx.emit, published by the caller after the commit.
 */
export async function storeMessages(ctx: DomainContext, store: MessageBatchStore, drafts: (Draft | AppError)[]): Promise<SendOutcome[]> {
  const live = drafts.flatMap((d, i) => (d instanceof AppError ? [] : [{ ...d, i }]));
  const outcomes: (SendOutcome | null)[] = drafts.map((d) => (d instanceof AppError ? { ok: false, error: d } : null));
  if (live.length === 0) return outcomes as SendOutcome[];

  const chatIds = [...new Set(live.map((d) => d.chatId))];
  const agentIds = [...new Set(live.flatMap((d) => (d.sender.type === 'agent' ? [d.sender.userId] : [])))];
  const sent = live.flatMap((d): [number, string][] => (d.clientMsgId === null ? [] : [[d.chatId, d.clientMsgId]]));
  const facts = await store.read({ chatIds, sent, agentIds });
  const websites = websitesToNameAgents(live, facts);
  const decisions = decide(live, facts, websites.length ? await agentNamesOf(ctx.models, websites, ctx.transaction) : undefined);

  // The chats are locked, so their last_seq holds until commit: number the rows here.
  const accepted = live.flatMap((d, k) => (decisions[k].kind === 'accept' ? [{ d, decision: decisions[k] as Extract<Decision, { kind: 'accept' }> }] : []));
  const nextSeq = new Map<number, number>();
  const counts = new Map<number, number>();
  const rows = accepted.map(({ d, decision: { chat, internal } }): NewMessageRow => {
    const seq = (nextSeq.get(chat.id) ?? chat.last_seq) + 1;
    nextSeq.set(chat.id, seq);
    counts.set(chat.id, (counts.get(chat.id) ?? 0) + 1);
    return {
      chat_id: chat.id,
      seq,
      client_msg_id: d.clientMsgId,
      sender_type: d.sender.type,
      sender_id: d.sender.type === 'agent' ? d.sender.userId : d.sender.type === 'visitor' ? d.sender.visitorId : null,
      message_type: d.file ? 'file' : d.sender.type === 'system' ? 'system' : 'text',
      body: d.body,
      is_internal: internal,
      file_path: d.file?.file_path ?? null,
      file_name: d.file?.file_name ?? null,
      file_size: d.file?.file_size ?? null,
      file_type: d.file?.file_type ?? null,
    };
  });
  if (rows.length) {
    const firstReplies = [...new Set(accepted.filter(({ d, decision }) => d.sender.type === 'agent' && !decision.internal && !decision.chat.first_response_at).map(({ decision }) => decision.chat.id))];
    const stored = await store.write({ counts, rows, firstReplies, now: new Date() });
    accepted.forEach(({ d, decision }, k) => {
      const message = stored.get(`${rows[k].chat_id}:${rows[k].seq}`)!;
      outcomes[d.i] = { ok: true, message, duplicate: false, senderName: decision.name };
      ctx.emit({ name: 'message.created', clientId: decision.chat.client_id, chatId: decision.chat.id, message, senderName: decision.name });
    });
  }
  live.forEach((d, k) => {
    const decision = decisions[k];
    if (decision.kind === 'refuse') outcomes[d.i] = { ok: false, error: decision.error };
    else if (decision.kind === 'resend') outcomes[d.i] = { ok: true, message: decision.message, duplicate: true, senderName: null };
  });
  // A second copy in the same batch gets the first copy's answer, if the same sender sent both.
  live.forEach((d, k) => {
    const decision = decisions[k];
    if (decision.kind !== 'copy') return;
    const first = outcomes[live[decision.of].i];
    outcomes[d.i] = first?.ok ? outcomeOf(resendOf(first.message, d.sender)) : (first ?? { ok: false, error: notFound('chat') });
  });
  return outcomes as SendOutcome[];
}

const outcomeOf = (d: Decision): SendOutcome => (d.kind === 'resend' ? { ok: true, message: d.message, duplicate: true, senderName: null } : { ok: false, error: (d as { error: AppError }).error });

/** Socket sends (message.send frames): each input checked, then stored as one batch. */
export function sendMessages(ctx: DomainContext, store: MessageBatchStore, requests: SendRequest[]): Promise<SendOutcome[]> {
  return storeMessages(
    ctx,
    store,
    requests.map((r) => parseText(r.sender, r.input)),
  );
}

/** One message inside a unit of work, a batch of one in its transaction: the stored message, a resend of it, or the refusal thrown. */
export async function storeMessage(ctx: DomainContext, draft: Draft) {
  if (!ctx.messages) throw new Error('This unit of work has no message store: give withUnitOfWork the database messageStores.');
  const [outcome] = await storeMessages(ctx, ctx.messages, [draft]);
  if (!outcome.ok) throw outcome.error;
  return outcome;
}
