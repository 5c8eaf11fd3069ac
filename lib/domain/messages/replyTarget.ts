import type { Models } from '../../db/models/index.js';
import { invalid } from '../../errors.js';
import type { Sender } from '../chats/senders.js';

/**
 * A reply answers a message of the same chat that its sender can see (a visitor never quotes an
 * internal note). Messages are never removed, so a target checked here still exists at commit.
 */
export async function checkReplyTarget(models: Models, sender: Sender, chatId: number, replyToId: number) {
  const target = await models.Message.findOne({ where: { id: replyToId, chat_id: chatId }, attributes: ['id', 'is_internal'] });
  if (!target || (sender.type === 'visitor' && target.is_internal)) throw invalid('replyToId: there is no such message in this chat.');
}
