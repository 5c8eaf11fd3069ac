import { z } from 'zod';
import type { DomainContext } from '../types.js';
import type { MessageRow } from '../../db/models/message.js';
import { AppError, forbidden, invalid, notFound } from '../../errors.js';
import { formatIssues } from '../../formatIssues.js';
import { REACTION_EMOJI } from '../../protocol/dto.js';
import { messageBody } from '../schemas.js';
import { chatClosed } from '../chats/chatWrite.js';
import { messageSenderNames } from '../chats/messageSenderNames.js';
import { clientMsgId } from '../chats/messageRules.js';
import type { Sender } from '../chats/senders.js';

const target = { chatId: z.number().int().positive(), messageId: z.number().int().positive(), clientChangeId: clientMsgId };
export const changeMessageInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('edit'), ...target, body: messageBody }),
  z.object({ kind: z.literal('delete'), ...target }),
  z.object({ kind: z.literal('react'), ...target, emoji: z.enum(REACTION_EMOJI, { message: `must be one of ${REACTION_EMOJI.join(' ')}` }) }),
]);
export type ChangeMessageInput = z.input<typeof changeMessageInput>;

export interface ChangeOptions {
  now: Date;
  /** chat.editWindowMinutes: how long after sending its sender may edit a message. */
  editWindowMinutes: number;
  /** chat.deletedMessageContent: 'keep' keeps a deleted text in the audit (message_changes), 'remove' erases it. */
  deletedContent: 'keep' | 'remove';
}

export const editWindowClosed = (minutes: number) => new AppError('edit_window_closed', `A message can be edited only within ${minutes} minutes of sending it.`, 403);
export const messageDeleted = () => new AppError('message_deleted', 'This message was deleted.', 409);

export const actorKey = (sender: Sender) => (sender.type === 'agent' ? `agent:${sender.userId}` : `visitor:${sender.visitorId}`);

/**
 * An edit, a delete or a reaction toggle. Under the chat's lock it takes the chat's next seq (the
 * one sequence messages use too, so `sync` replays changes in order with messages), changes the
 * message row and writes the change to message_changes (the audit: an edit's previous text, a
 * deleted text when the setting keeps it). A resend (same actor, same clientChangeId) changes
 * nothing and answers the first change. Only the sender edits or deletes a message; anyone who
 * may write in the chat reacts to a message they can see; nothing changes in a closed chat.
 */
export async function changeMessage(ctx: DomainContext, actor: Sender, raw: ChangeMessageInput, options: ChangeOptions) {
  const parsed = changeMessageInput.safeParse(raw);
  if (!parsed.success) throw invalid(`The input is not valid: ${formatIssues(parsed.error.issues).join('; ')}`);
  const input = parsed.data;
  const { models, transaction } = ctx;
  const actorId = actor.type === 'agent' ? actor.userId : actor.visitorId;
  const chat = await models.Chat.findByPk(input.chatId, { transaction, lock: transaction?.LOCK.UPDATE });
  if (!chat || (actor.type === 'visitor' && chat.visitor_id !== actor.visitorId)) throw notFound('chat');

  const earlier = await models.MessageChange.findOne({ where: { chat_id: chat.id, actor_type: actor.type, actor_id: actorId, client_change_id: input.clientChangeId }, transaction });
  if (earlier) return { messageId: earlier.message_id, seq: earlier.seq, duplicate: true };

  const message = await models.Message.findOne({ where: { id: input.messageId, chat_id: chat.id }, transaction });
  if (!message || message.sender_type === 'system' || (actor.type === 'visitor' && message.is_internal)) throw notFound('message');
  if (chat.status === 'closed') throw chatClosed();
  if (message.deleted_at) throw messageDeleted();
  const own = message.sender_type === actor.type && Number(message.sender_id) === actorId;
  if (input.kind !== 'react' && !own) throw forbidden('You may edit or delete only your own messages.');

  let previousBody: string | null = null;
  const now = options.now;
  if (input.kind === 'edit') {
    if (message.message_type !== 'text') throw invalid('Only a text message can be edited: delete the file and share it again.');
    if (now.getTime() - new Date(message.created_at).getTime() > options.editWindowMinutes * 60_000) throw editWindowClosed(options.editWindowMinutes);
    previousBody = message.body;
    message.body = input.body;
    message.edited_at = now;
  } else if (input.kind === 'delete') {
    previousBody = options.deletedContent === 'keep' ? message.body ?? message.file_name : null;
    message.body = null;
    message.deleted_at = now;
  } else {
    message.reactions = toggled(message.reactions, input.emoji, actorKey(actor));
  }

  const seq = chat.last_seq + 1;
  await chat.update({ last_seq: seq }, { transaction });
  await message.save({ transaction });
  await models.MessageChange.create(
    { chat_id: chat.id, message_id: message.id, seq, client_change_id: input.clientChangeId, actor_type: actor.type, actor_id: actorId, kind: input.kind, previous_body: previousBody, emoji: input.kind === 'react' ? input.emoji : null, created_at: now },
    { transaction },
  );
  const name = (await messageSenderNames(models, [message]))(message);
  ctx.emit({ name: 'message.updated', clientId: chat.client_id, chatId: chat.id, seq, change: input.kind, message: message.get({ plain: true }) as MessageRow, senderName: name });
  return { messageId: message.id, seq, duplicate: false };
}

/** The reactions JSON with `who`'s reaction `emoji` added, or taken back if it was there. */
function toggled(stored: string | null | undefined, emoji: string, who: string): string {
  const byEmoji = stored ? (JSON.parse(stored) as Record<string, string[]>) : {};
  const by = byEmoji[emoji] ?? [];
  byEmoji[emoji] = by.includes(who) ? by.filter((w) => w !== who) : [...by, who];
  if (byEmoji[emoji].length === 0) delete byEmoji[emoji];
  return JSON.stringify(byEmoji);
}
