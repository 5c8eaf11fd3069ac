import { renderEmail } from '../templates.js';
import { threadOf } from '../threading.js';
import { visitorIsAway } from '../recipients.js';
import { conversationOf } from '../conversation.js';
import type { BuiltMail, EmailDeps } from './types.js';

/** The website to link to: its first domain that is a plain host name (not a *.wildcard). */
const siteOf = (domains: string[]) => {
  const host = domains.find((d) => /^[a-z0-9.-]+(:\d+)?$/i.test(d));
  return host ? `https://${host}` : null;
};

/**
 * An agent's reply the visitor cannot see live -> the visitor's inbox ("We'll respond via email"):
 * sent when the visitor left an e-mail address and is away from the website (an offline message
 * answered later, a missed chat, a visitor who closed the tab). Threaded by chat.
 */
export async function agentReplyEmail({ models, config }: EmailDeps, input: { messageId: number }): Promise<BuiltMail | null> {
  const message = await models.Message.findByPk(input.messageId);
  if (!message || message.sender_type !== 'agent' || message.is_internal || message.message_type === 'system') return null;
  const chat = await models.Chat.findByPk(message.chat_id);
  if (!chat) return null;
  // Every agent message comes through here: the cheap reasons not to mail go first.
  const visitor = await models.Visitor.findByPk(chat.visitor_id);
  if (!visitor?.email || !(await visitorIsAway(models, visitor.id))) return null;
  const [client, agent] = await Promise.all([
    models.Client.findByPk(chat.client_id),
    message.sender_id ? models.User.findByPk(message.sender_id, { attributes: ['pseudo_name'] }) : null,
  ]);
  if (!client) return null;
  const visitorName = visitor.name ?? 'You';
  // The reply, and what came before it, so the e-mail reads on its own.
  const conversation = await conversationOf(models, config, chat, visitorName, { keepSystem: () => false, upToSeq: message.seq, last: 20 });
  const reply = conversation.pop();
  const agentName = agent?.pseudo_name ?? 'Our team';
  const view = {
    clientName: client.name,
    visitorName: visitor.name,
    agentName,
    reply: reply?.body ?? '',
    earlier: conversation,
    site: siteOf(client.domains),
  };
  return {
    dedupeKey: `reply:${message.id}`,
    mail: { to: [visitor.email], subject: `Re: Your message to ${client.name}`, ...renderEmail('agent-reply', view), ...threadOf(config, chat.id).headers(`reply-${message.id}`) },
  };
}
