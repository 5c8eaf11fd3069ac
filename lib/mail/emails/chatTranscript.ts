import { renderEmail } from '../templates.js';
import { threadOf } from '../threading.js';
import { conversationOf, isJoinOrClose } from '../conversation.js';
import type { BuiltMail, EmailDeps } from './types.js';

/**
 * The transcript of a closed chat -> the visitor, when the website turned transcripts on and the
 * visitor left an e-mail address. Their words and the agents', files by name, who joined and how
 * it ended; never the agents' internal notes.
 */
export async function chatTranscriptEmail({ models, config }: EmailDeps, input: { chatId: number }): Promise<BuiltMail | null> {
  const chat = await models.Chat.findByPk(input.chatId);
  if (!chat || chat.status !== 'closed') return null;
  const [client, visitor] = await Promise.all([models.Client.findByPk(chat.client_id), models.Visitor.findByPk(chat.visitor_id)]);
  if (!client?.widget_settings?.transcriptEmails || !visitor?.email) return null;
  const messages = await conversationOf(models, config, chat, visitor.name ?? 'You', { keepSystem: isJoinOrClose });
  if (!messages.some((m) => !m.system)) return null;
  const view = { clientName: client.name, visitorName: visitor.name, messages, chatId: chat.id };
  return {
    // A chat reopened and closed again gets a new transcript: its last seq moved on.
    dedupeKey: `transcript:${chat.id}:${chat.last_seq}`,
    mail: { to: [visitor.email], subject: `Your chat with ${client.name}: transcript`, ...renderEmail('chat-transcript', view), ...threadOf(config, chat.id).headers(`transcript-${chat.last_seq}`) },
  };
}
