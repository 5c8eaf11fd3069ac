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
  // One pass over the batch and plain loops: this runs for every message under load, so no
  // per-message copies, closures or intermediate arrays beyond the statements' own.
  const outcomes: (SendOutcome | null)[] = new Array(drafts.length).fill(null);
  const live: Draft[] = [];
  /** live[k] is drafts[at[k]]. */
  const at: number[] = [];
  const chatIds = new Set<number>();
  const agentIds = new Set<number>();
  const sent: [number, string][] = [];
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i];
    if (d instanceof AppError) {
      outcomes[i] = { ok: false, error: d };
      continue;
    }
    live.push(d);
    at.push(i);
    chatIds.add(d.chatId);
    if (d.sender.type === 'agent') agentIds.add(d.sender.userId);
    if (d.clientMsgId !== null) sent.push([d.chatId, d.clientMsgId]);
  }
  if (live.length === 0) return outcomes as SendOutcome[];

  const facts = await store.read({ chatIds: [...chatIds], sent, agentIds: [...agentIds] });
  const websites = websitesToNameAgents(live, facts);
  const decisions = decide(live, facts, websites.length ? await agentNamesOf(ctx.models, websites, ctx.transaction) : undefined);

  // The chats are locked, so their last_seq holds until commit: number the rows here.
  const accepted: number[] = [];
  const rows: NewMessageRow[] = [];
  const counts = new Map<number, number>();
  let firstReplies: Set<number> | null = null;
  for (let k = 0; k < live.length; k++) {
    const decision = decisions[k];
    if (decision.kind === 'refuse') outcomes[at[k]] = { ok: false, error: decision.error };
    else if (decision.kind === 'resend') outcomes[at[k]] = { ok: true, message: decision.message, duplicate: true, senderName: null };
    if (decision.kind !== 'accept') continue;
    const d = live[k];
    const { chat, internal } = decision;
    const count = (counts.get(chat.id) ?? 0) + 1;
    counts.set(chat.id, count);
    accepted.push(k);
    rows.push({
      chat_id: chat.id,
      seq: chat.last_seq + count,
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
      reply_to_id: d.replyToId ?? null,
    });
    if (d.sender.type === 'agent' && !internal && !chat.first_response_at) (firstReplies ??= new Set()).add(chat.id);
  }
  if (rows.length) {
    const stored = await store.write({ counts, rows, firstReplies: firstReplies ? [...firstReplies] : [], now: new Date() });
    for (let r = 0; r < rows.length; r++) {
      const decision = decisions[accepted[r]] as Extract<Decision, { kind: 'accept' }>;
      const message = stored.get(`${rows[r].chat_id}:${rows[r].seq}`)!;
      outcomes[at[accepted[r]]] = { ok: true, message, duplicate: false, senderName: decision.name };
      ctx.emit({ name: 'message.created', clientId: decision.chat.client_id, chatId: decision.chat.id, message, senderName: decision.name });
    }
  }
  // A second copy in the same batch gets the first copy's answer, if the same sender sent both.
  for (let k = 0; k < live.length; k++) {
    const decision = decisions[k];
    if (decision.kind !== 'copy') continue;
    const first = outcomes[at[decision.of]];
    outcomes[at[k]] = first?.ok ? outcomeOf(resendOf(first.message, live[k].sender)) : (first ?? { ok: false, error: notFound('chat') });
  }
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
