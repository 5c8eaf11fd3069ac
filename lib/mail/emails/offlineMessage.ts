import { renderEmail } from '../templates.js';
import { threadOf } from '../threading.js';
import { agentsOfClient } from '../recipients.js';
import { conversationOf } from '../conversation.js';
import type { BuiltMail, EmailDeps } from './types.js';

export interface OfflineMessageInput {
  chatId: number;
  /** 'offline': left while no agent was online; 'missed': nobody answered a waiting chat in time. */
  reason: 'offline' | 'missed';
  /**
   * The chat's last seq when it became an offline message: one e-mail per time it does (a visitor
   * back after a close, to nobody again, is a new offline message). Default: its seq now.
   */
  episode?: number;
}

/** An offline message (or a missed chat) -> the agents of its website, with the visitor's contact details and words. */
export async function offlineMessageEmail({ models, config }: EmailDeps, input: OfflineMessageInput): Promise<BuiltMail | null> {
  const chat = await models.Chat.findByPk(input.chatId);
  if (!chat) return null;
  const [client, visitor] = await Promise.all([models.Client.findByPk(chat.client_id), models.Visitor.findByPk(chat.visitor_id)]);
  if (!client || !visitor) return null;
  const to = await agentsOfClient(models, client.id);
  if (to.length === 0) return null;
  const visitorName = visitor.name ?? 'A visitor';
  const messages = await conversationOf(models, config, chat, visitorName, { keepSystem: () => false, last: 50 });
  const session = chat.visitor_session_id ? await models.VisitorSession.findByPk(chat.visitor_session_id, { attributes: ['current_page'] }) : null;
  const missed = input.reason === 'missed';
  const view = {
    clientName: client.name,
    missed,
    waitingMinutes: config.chat.waitingTimeoutMinutes,
    chatId: chat.id,
    visitor: { name: visitorName, email: visitor.email, phone: visitor.phone, page: session?.current_page ?? null },
    serviceType: chat.service_type,
    messages,
    dashboardUrl: config.publicUrl,
  };
  const subject = missed
    ? `Missed chat on ${client.name}: ${visitorName} waited ${config.chat.waitingTimeoutMinutes} minutes`
    : `New offline message on ${client.name} from ${visitorName}`;
  const episode = input.episode ?? chat.last_seq;
  return {
    dedupeKey: `${input.reason}:${chat.id}:${episode}`,
    mail: { to, subject, ...renderEmail('offline-message', view), ...threadOf(config, chat.id, 'agents').headers(`${input.reason}-${episode}`) },
  };
}
