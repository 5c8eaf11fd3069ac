import type { MessageDTO } from '../api/types';

/** Who wrote a message, as the conversation groups it: an internal note is not a reply to the visitor. */
const authorOf = (m: MessageDTO) => (m.type === 'system' ? 'system' : `${m.senderType}:${m.senderId ?? ''}:${m.internal ? 'note' : 'msg'}`);

export interface ShownMessage {
  message: MessageDTO;
  /** The first of a run of one sender's messages (a gap above it, its name when not the reader's own). */
  first: boolean;
  /** Written by the agent reading. */
  mine: boolean;
}

/**
 * Consecutive messages of one sender form a group, as in WhatsApp Web or Intercom: the sender's
 * name shows where the sender changes and never on the reader's own messages.
 */
export function groupMessages(messages: readonly MessageDTO[], myId: number | null): ShownMessage[] {
  return messages.map((message, i) => ({
    message,
    first: i === 0 || authorOf(messages[i - 1]) !== authorOf(message),
    mine: message.senderType === 'agent' && message.senderId === myId,
  }));
}
