import { Op } from 'sequelize';
import type { DomainContext } from '../types.js';
import { receiptScope } from '../chats/markRead.js';
import type { Sender } from '../chats/senders.js';

/**
 * Delivery receipts: the reader's device got the other side's messages up to `seq` (sent ->
 * delivered -> read). Told only when it moved something, as clients say it for every message.
 */
export async function markDelivered(ctx: DomainContext, reader: Sender, input: { chatId: number; seq: number }) {
  const { models, transaction } = ctx;
  const { chat, seq, fromOthers } = await receiptScope(ctx, reader, input);
  const [changed] = await models.Message.update(
    { delivered_at: new Date() },
    { where: { chat_id: chat.id, seq: { [Op.lte]: seq }, delivered_at: null, ...fromOthers }, transaction },
  );
  if (changed > 0) ctx.emit({ name: 'delivered', clientId: chat.client_id, chatId: chat.id, reader: reader.type, agentId: reader.type === 'agent' ? reader.userId : null, seq });
  return { seq };
}
