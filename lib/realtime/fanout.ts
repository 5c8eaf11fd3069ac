import { channels, type LivechatEvent } from '../protocol/events.js';

/** Who may receive an event on a channel: everyone subscribed, or agents only. */
interface Delivery {
  channel: string;
  agentsOnly: boolean;
}

/**
 * Where each event goes. A dashboard follows a website's chats on `visitors.{client}`; a widget
 * follows its own chat on `chat.{chat}`. Internal notes, visitor drafts and visitor tracking never
 * reach a visitor. A connection on several matching channels receives the event once.
 */
export function deliveriesFor(event: LivechatEvent): Delivery[] {
  switch (event.name) {
    case 'chat.created':
      return [{ channel: channels.visitors(event.clientId), agentsOnly: true }];
    case 'message.created':
    case 'message.updated':
      return [
        { channel: channels.chat(event.chatId), agentsOnly: event.message.internal },
        { channel: channels.visitors(event.clientId), agentsOnly: true },
      ];
    case 'message.analyzed':
      return [
        { channel: channels.chat(event.chatId), agentsOnly: true },
        { channel: channels.visitors(event.clientId), agentsOnly: true },
      ];
    case 'typing':
      return [
        { channel: channels.chat(event.chatId), agentsOnly: event.from === 'visitor' },
        { channel: channels.visitors(event.clientId), agentsOnly: true },
      ];
    case 'agent.joined':
    case 'agent.left':
    case 'chat.closed':
    case 'read':
    case 'delivered':
    case 'file.shared':
      return [
        { channel: channels.chat(event.chatId), agentsOnly: false },
        { channel: channels.visitors(event.clientId), agentsOnly: true },
      ];
    case 'chat.transferred':
      return [
        { channel: channels.chat(event.chatId), agentsOnly: false },
        { channel: channels.visitors(event.clientId), agentsOnly: true },
        { channel: channels.agent(event.to.id), agentsOnly: true },
      ];
    case 'visitor.page':
    case 'visitor.presence':
      return [
        { channel: channels.visitors(event.clientId), agentsOnly: true },
        { channel: channels.monitoring, agentsOnly: true },
      ];
    case 'agent.status':
      return [...event.clientIds.map((id) => ({ channel: channels.visitors(id), agentsOnly: true })), { channel: channels.monitoring, agentsOnly: true }];
    case 'chat.invited':
      return [
        { channel: channels.visitor(event.visitorId), agentsOnly: false },
        { channel: channels.visitors(event.clientId), agentsOnly: true },
      ];
    case 'chat.assigned':
      return [
        { channel: channels.chat(event.chatId), agentsOnly: false },
        { channel: channels.visitors(event.clientId), agentsOnly: true },
        ...(event.agent ? [{ channel: channels.agent(event.agent.id), agentsOnly: true }] : []),
      ];
    case 'queue.position':
      return [
        { channel: channels.chat(event.chatId), agentsOnly: false },
        { channel: channels.visitors(event.clientId), agentsOnly: true },
      ];
    case 'chat.updated':
      // A priority is the agents' business; a reopened chat is the visitor's too.
      return [
        { channel: channels.chat(event.chatId), agentsOnly: event.change === 'priority' },
        { channel: channels.visitors(event.clientId), agentsOnly: true },
      ];
    case 'notification':
      return [{ channel: channels.agent(event.userId), agentsOnly: true }];
  }
}

/** What a visitor may see of an event it receives (nothing of other agents' drafts). */
export function forVisitor(event: LivechatEvent): LivechatEvent {
  if (event.name === 'typing') return { ...event, draft: null };
  return event;
}
