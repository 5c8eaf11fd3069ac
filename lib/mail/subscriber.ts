import type { EventBus } from '../events/bus.js';
import type { EventName, EventOf } from '../protocol/events.js';
import type { Mailer } from './mailer.js';

type Reactions = { [N in EventName]?: (event: EventOf<N>, mailer: Mailer) => void };

/** Which events send which e-mail. Each only enqueues: the bus handler returns at once. */
const reactions: Reactions = {
  'chat.created': (event, mailer) => {
    if (event.chat.status === 'offline') mailer.offlineMessage({ chatId: event.chat.id, reason: 'offline', episode: event.chat.lastSeq });
  },
  'message.created': (event, mailer) => {
    const m = event.message;
    if (m.senderType === 'agent' && !m.internal && m.type !== 'system') mailer.agentReply(m.id);
  },
  'chat.closed': (event, mailer) => mailer.transcript(event.chatId),
};

/** Sends the e-mails that events call for. Returns the unsubscribe function. */
export function subscribeMail(bus: EventBus, mailer: Mailer): () => void {
  if (!mailer.enabled) return () => {};
  return bus.subscribe((event) => {
    if (event.name === 'access.changed') return; // internal: no e-mail
    const react = reactions[event.name] as ((e: typeof event, m: Mailer) => void) | undefined;
    react?.(event, mailer);
  });
}
