import type { Models } from '../db/models/index.js';
import type { Identity } from '../identity/identity.js';
import { canSeeClient, visibleClientIds } from './index.js';

const subjectOf = (identity: Extract<Identity, { kind: 'agent' }>) => ({ id: identity.userId, role: identity.role, is_active: true });

/**
 * Who may listen on a channel: an agent on the websites they work on (managers and super admins
 * on all), a visitor on their own chats only, each agent on their own personal channel, and the
 * monitoring view for managers and super admins.
 */
export async function mayListen(models: Models, identity: Identity, channel: string): Promise<boolean> {
  return (await listenable(models, identity, [channel])).has(channel);
}

/**
 * The same rule for many channels at once, in at most two queries however many there are: what an
 * open connection's channels are re-checked with when its access changes.
 */
export async function listenable(models: Models, identity: Identity, list: string[]): Promise<Set<string>> {
  const parsed = list.map((channel) => {
    const [kind, rawId, ...rest] = channel.split('.');
    const id = rest.length === 0 && rawId !== undefined && /^\d+$/.test(rawId) ? Number(rawId) : null;
    return { channel, kind, rawId, id };
  });
  const chatIds = parsed.filter((p) => p.kind === 'chat' && p.id !== null).map((p) => p.id!);
  const chats = chatIds.length ? await models.Chat.findAll({ where: { id: chatIds }, attributes: ['id', 'client_id', 'visitor_id'] }) : [];
  const chatById = new Map(chats.map((c) => [c.id, c]));
  const allowed = new Set<string>();
  if (identity.kind === 'visitor') {
    for (const p of parsed) {
      if (p.id === null) continue;
      if ((p.kind === 'visitor' && p.id === identity.visitorId) || (p.kind === 'chat' && chatById.get(p.id)?.visitor_id === identity.visitorId)) allowed.add(p.channel);
    }
    return allowed;
  }
  // Asked only when a website's channel or a chat is among them: null means every website.
  const needsClients = parsed.some((p) => (p.kind === 'visitors' || p.kind === 'chat') && p.id !== null);
  const visible = needsClients ? await visibleClientIds(models, subjectOf(identity)) : [];
  const sees = (clientId: number | undefined) => clientId !== undefined && (visible === null || visible.includes(clientId));
  for (const p of parsed) {
    const ok =
      p.kind === 'visitors'
        ? p.id !== null && sees(p.id)
        : p.kind === 'chat'
          ? p.id !== null && sees(chatById.get(p.id)?.client_id)
          : p.kind === 'agent'
            ? p.id === identity.userId
            : p.kind === 'monitoring' && p.rawId === undefined && (identity.role === 'super_admin' || identity.role === 'manager');
    if (ok) allowed.add(p.channel);
  }
  return allowed;
}

/** Whether this connection may act in a chat (write, join, transfer, close): its own chat, or an agent who may write there. */
export async function mayActInChat(models: Models, identity: Identity, chatId: number): Promise<{ clientId: number } | null> {
  const chat = await models.Chat.findByPk(chatId, { attributes: ['client_id', 'visitor_id'] });
  if (!chat) return null;
  if (identity.kind === 'visitor') return chat.visitor_id === identity.visitorId ? { clientId: chat.client_id } : null;
  if (identity.role === 'manager') return null;
  return (await canSeeClient(models, subjectOf(identity), chat.client_id)) ? { clientId: chat.client_id } : null;
}
