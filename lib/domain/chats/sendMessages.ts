import { QueryTypes } from 'sequelize';
import type { z } from 'zod';
import type { DomainContext } from '../types.js';
import type { MessageRow } from '../../db/models/message.js';
import type { Sender } from './senders.js';
import { sendMessageInput } from './sendMessage.js';
import { isInternalNote } from './internalNotes.js';
import { chatClosed, notParticipant } from './errors.js';
import { AppError, invalid, notFound } from '../../errors.js';
import { formatIssues } from '../../config/load.js';
import { messageDTO } from '../../presenters/realtime.js';

export interface SendRequest {
  sender: Sender;
  input: z.input<typeof sendMessageInput>;
}
export type SendOutcome =
  | { ok: true; message: MessageRow; duplicate: boolean }
  | { ok: false; error: AppError };

interface ChatFacts {
  id: number;
  client_id: number;
  visitor_id: number;
  status: string;
  first_response_at: Date | null;
  visitor_name: string | null;
}

/**
 * sendMessage for many messages in one transaction (the group-commit path): a fixed number of
 * statements per batch, whatever its size — chats and senders read once, every chat's seq taken
 * in one UPDATE, all rows written in one INSERT. Each request gets its own outcome; a refused one
 * (closed chat, not a participant, bad input) does not stop the others, and a resend answers
 * with the stored message. Same rules as sendMessage, which handles single sends.
 */
export async function sendMessages(ctx: DomainContext, requests: SendRequest[]): Promise<SendOutcome[]> {
  const { models, transaction } = ctx;
  if (!transaction) throw new Error('sendMessages needs a transaction');
  const sequelize = models.Chat.sequelize!;
  const select = <T extends object>(sql: string, replacements: unknown[]) => sequelize.query<T>(sql, { replacements, transaction, type: QueryTypes.SELECT });
  const outcomes: (SendOutcome | null)[] = requests.map(() => null);
  const parsed = requests.map((r, i) => {
    const result = sendMessageInput.safeParse(r.input);
    if (!result.success) outcomes[i] = { ok: false, error: invalid(`The input is not valid: ${formatIssues(result.error.issues).join('; ')}`) };
    return result.success ? result.data : null;
  });
  const live = requests.map((r, i) => ({ ...r, i, input: parsed[i]! })).filter((r) => r.input);
  if (live.length === 0) return outcomes as SendOutcome[];

  const chatIds = [...new Set(live.map((r) => r.input.chatId))];
  const chats = new Map(
    (await select<ChatFacts>(
      `SELECT c.id, c.client_id, c.visitor_id, c.status, c.first_response_at, v.name AS visitor_name FROM chats c JOIN visitors v ON v.id = c.visitor_id WHERE c.id IN (${chatIds.map(() => '?').join(',')})`,
      chatIds,
    )).map((c) => [Number(c.id), c]),
  );
  const agentIds = [...new Set(live.filter((r) => r.sender.type === 'agent').map((r) => (r.sender as { userId: number }).userId))];
  const participants = new Map<string, string>();
  if (agentIds.length) {
    const rows = await select<{ chat_id: number; user_id: number; pseudo_name: string }>(
      `SELECT p.chat_id, p.user_id, u.pseudo_name FROM chat_participants p JOIN users u ON u.id = p.user_id WHERE p.left_at IS NULL AND p.chat_id IN (${chatIds.map(() => '?').join(',')}) AND p.user_id IN (${agentIds.map(() => '?').join(',')})`,
      [...chatIds, ...agentIds],
    );
    for (const p of rows) participants.set(`${p.chat_id}:${p.user_id}`, p.pseudo_name);
  }
  const existing = await storedAlready(select, live.map((r) => [r.input.chatId, r.input.clientMsgId]));

  const accepted: { i: number; chat: ChatFacts; sender: Sender; body: string; clientMsgId: string; internal: boolean; name: string | null }[] = [];
  const claimed = new Map<string, number>();
  for (const r of live) {
    const chat = chats.get(r.input.chatId);
    const key = `${r.input.chatId}:${r.input.clientMsgId}`;
    if (!chat || (r.sender.type === 'visitor' && Number(chat.visitor_id) !== r.sender.visitorId)) outcomes[r.i] = { ok: false, error: notFound('chat') };
    else if (existing.has(key)) outcomes[r.i] = { ok: true, message: existing.get(key)!, duplicate: true };
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

  const now = new Date();
  const perChat = new Map<number, number>();
  for (const a of accepted) perChat.set(Number(a.chat.id), (perChat.get(Number(a.chat.id)) ?? 0) + 1);
  const ids = [...perChat.keys()];
  await sequelize.query(
    `UPDATE chats SET last_seq = last_seq + CASE id ${ids.map(() => 'WHEN ? THEN ?').join(' ')} END, last_message_at = ?, updated_at = ? WHERE id IN (${ids.map(() => '?').join(',')})`,
    { replacements: [...ids.flatMap((id) => [id, perChat.get(id)]), now, now, ...ids], transaction },
  );
  const finalSeq = new Map((await select<{ id: number; last_seq: number }>(`SELECT id, last_seq FROM chats WHERE id IN (${ids.map(() => '?').join(',')})`, ids)).map((r) => [Number(r.id), Number(r.last_seq)]));
  const nextSeq = new Map(ids.map((id) => [id, finalSeq.get(id)! - perChat.get(id)! + 1]));
  const rows = accepted.map((a) => {
    const seq = nextSeq.get(Number(a.chat.id))!;
    nextSeq.set(Number(a.chat.id), seq + 1);
    return {
      chat_id: Number(a.chat.id),
      seq,
      client_msg_id: a.clientMsgId,
      sender_type: a.sender.type,
      sender_id: a.sender.type === 'agent' ? a.sender.userId : a.sender.visitorId,
      message_type: 'text' as const,
      body: a.body,
      is_internal: a.internal,
      created_at: now,
    };
  });
  await models.Message.bulkCreate(rows, { transaction, returning: false, validate: false, hooks: false });
  const stored = await storedAlready(select, rows.map((r) => [r.chat_id, r.client_msg_id]));
  const firstReplies = [...new Set(accepted.filter((a) => a.sender.type === 'agent' && !a.internal && !a.chat.first_response_at).map((a) => Number(a.chat.id)))];
  if (firstReplies.length) {
    await sequelize.query(`UPDATE chats SET first_response_at = ? WHERE first_response_at IS NULL AND id IN (${firstReplies.map(() => '?').join(',')})`, { replacements: [now, ...firstReplies], transaction });
  }
  accepted.forEach((a) => {
    const message = stored.get(`${a.chat.id}:${a.clientMsgId}`)!;
    outcomes[a.i] = { ok: true, message, duplicate: false };
    ctx.emit?.({ name: 'message.created', clientId: Number(a.chat.client_id), chatId: Number(a.chat.id), message: messageDTO(message, a.name) });
  });
  return finish(outcomes, requests, claimed);
}

/** A second copy of a message in the same batch gets the first copy's answer. */
function finish(outcomes: (SendOutcome | null)[], requests: SendRequest[], claimed: Map<string, number>): SendOutcome[] {
  return outcomes.map((o, i) => {
    if (o && !(o.ok === false && o.error.code === 'duplicate_in_batch')) return o;
    const first = outcomes[claimed.get(`${requests[i].input.chatId}:${requests[i].input.clientMsgId}`)!];
    return first?.ok ? { ...first, duplicate: true } : (first ?? { ok: false, error: notFound('chat') });
  });
}

type Select = <T extends object>(sql: string, replacements: unknown[]) => Promise<T[]>;

/** Messages already stored under these (chat, clientMsgId) pairs, keyed "chat:clientMsgId". */
async function storedAlready(select: Select, pairs: [number, string][]): Promise<Map<string, MessageRow>> {
  if (pairs.length === 0) return new Map();
  const rows = await select<MessageRow>(
    `SELECT * FROM messages WHERE ${pairs.map(() => '(chat_id = ? AND client_msg_id = ?)').join(' OR ')}`,
    pairs.flat(),
  );
  return new Map(rows.map((m) => [`${m.chat_id}:${m.client_msg_id}`, normalise(m)]));
}

/** Raw rows as the model would give them (booleans and dates typed alike on both dialects). */
function normalise(m: MessageRow): MessageRow {
  return { ...m, id: Number(m.id), chat_id: Number(m.chat_id), seq: Number(m.seq), is_internal: Boolean(m.is_internal), is_read: Boolean(m.is_read), created_at: new Date(m.created_at as unknown as string) };
}

