import type { DomainEvent } from '../domain/events.js';
import type { BusEvent } from '../protocol/events.js';
import { agentRef, chatDTO, fileDTO, messageDTO, visitorSummary } from './realtime.js';

/**
 * What a domain operation emitted -> the protocol's event (lib/protocol/events.ts): the rows it
 * carries become the DTOs every client reads. Given to every unit of work (runner/unitOfWorkDeps.ts),
 * which applies it as the event is emitted, in the operation's transaction.
 */
export function presentEvent(event: DomainEvent): BusEvent {
  switch (event.name) {
    case 'chat.created':
      return { name: event.name, clientId: event.clientId, chat: chatDTO(event.chat), visitor: visitorSummary(event.visitor, event.currentPage), clientName: event.clientName };
    case 'message.created':
      return { name: event.name, clientId: event.clientId, chatId: event.chatId, message: messageDTO(event.message, event.senderName) };
    case 'message.updated':
      return { name: event.name, clientId: event.clientId, chatId: event.chatId, seq: event.seq, change: event.change, message: messageDTO(event.message, event.senderName) };
    case 'file.shared': {
      const { message } = event;
      return { name: event.name, clientId: event.clientId, chatId: event.chatId, messageId: message.id, seq: message.seq, senderType: message.sender_type, file: fileDTO(message), preview: event.preview };
    }
    case 'agent.joined':
    case 'agent.left':
      return { name: event.name, clientId: event.clientId, chatId: event.chatId, agent: agentRef(event.agent) };
    case 'chat.transferred':
      return { ...event, from: event.from ? agentRef(event.from) : null, to: agentRef(event.to) };
    case 'chat.invited':
      return { ...event, chat: chatDTO(event.chat), agent: agentRef(event.agent) };
    case 'chat.assigned':
      return { ...event, agent: event.agent ? agentRef(event.agent) : null };
    case 'chat.updated':
      return { ...event, chat: chatDTO(event.chat) };
    default:
      return event;
  }
}
