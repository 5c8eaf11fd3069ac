import type { Models } from '../db/models/index.js';
import type { Identity } from '../realtime/connection.js';
import { canSeeClient } from './index.js';

const subjectOf = (identity: Extract<Identity, { kind: 'agent' }>) => ({ id: identity.userId, role: identity.role, is_active: true });

/**
 * Who may listen on a channel: an agent on the websites they work on (managers and super admins
 * on all), a visitor on their own chats only, each agent on their own personal channel, and the
 * monitoring view for managers and super admins.
 */
export async function mayListen(models: Models, identity: Identity, channel: string): Promise<boolean> {
  const [kind, rawId] = channel.split('.');
  const id = rawId !== undefined && /^\d+$/.test(rawId) ? Number(rawId) : null;
  if (identity.kind === 'visitor') {
    if (kind === 'visitor') return id === identity.visitorId;
    if (kind !== 'chat' || id === null) return false;
    const chat = await models.Chat.findByPk(id, { attributes: ['visitor_id'] });
    return chat?.visitor_id === identity.visitorId;
  }
  switch (kind) {
    case 'visitors':
      return id !== null && canSeeClient(models, subjectOf(identity), id);
    case 'chat': {
      if (id === null) return false;
      const chat = await models.Chat.findByPk(id, { attributes: ['client_id'] });
      return chat !== null && canSeeClient(models, subjectOf(identity), chat.client_id);
    }
    case 'agent':
      return id === identity.userId;
    case 'monitoring':
      return rawId === undefined && (identity.role === 'super_admin' || identity.role === 'manager');
    default:
      return false;
  }
}

/** Whether this connection may act in a chat (write, join, transfer, close): its own chat, or an agent who may write there. */
export async function mayActInChat(models: Models, identity: Identity, chatId: number): Promise<{ clientId: number } | null> {
  const chat = await models.Chat.findByPk(chatId, { attributes: ['client_id', 'visitor_id'] });
  if (!chat) return null;
  if (identity.kind === 'visitor') return chat.visitor_id === identity.visitorId ? { clientId: chat.client_id } : null;
  if (identity.role === 'manager') return null;
  return (await canSeeClient(models, subjectOf(identity), chat.client_id)) ? { clientId: chat.client_id } : null;
}
