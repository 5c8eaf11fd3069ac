import type { ChatCard } from '../domain/chats/chatCards.js';
import type { ChatContext } from '../domain/chats/chatContext.js';
import type { Inbox } from '../domain/chats/listInbox.js';
import type { ChatCardDTO } from '../protocol/dto.js';
import type { ChatContextDTO, InboxDTO } from '../protocol/http.js';
import { presentVisitor } from './index.js';
import { agentRef, chatDTO, messageDTO } from './realtime.js';

/** The dashboard's chat lists and side panel: what the chat operations read -> the protocol's DTOs. */
export const presentChatCard = (card: ChatCard): ChatCardDTO => ({
  ...card,
  chat: chatDTO(card.chat),
  participants: card.participants.map(agentRef),
  lastMessage: card.lastMessage ? messageDTO(card.lastMessage, null) : null,
});

export const presentInbox = (inbox: Inbox): InboxDTO => ({ ...inbox, chats: inbox.chats.map(presentChatCard) });

export const presentChatContext = (context: ChatContext): ChatContextDTO => ({
  ...context,
  card: presentChatCard(context.card),
  visitor: context.visitor ? presentVisitor(context.visitor) : null,
});
