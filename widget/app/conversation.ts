import type { MessageDTO } from '../../lib/protocol/dto.js';
import type { Item, Status } from './views/bubble.js';

/** A stored message as a conversation item; the visitor's own keep the key they were sent with. */
export function itemOf(m: MessageDTO, previous?: Item): Item {
  const own = m.senderType === 'visitor';
  const status: Status | null = own ? (m.isRead || previous?.status === 'read' ? 'read' : m.delivered || previous?.status === 'delivered' ? 'delivered' : 'sent') : null;
  return {
    key: keyOf(m),
    chatId: m.chatId,
    id: m.id,
    seq: m.seq,
    clientMsgId: m.clientMsgId,
    senderType: m.senderType,
    senderId: m.senderId,
    senderName: m.senderName,
    type: m.type,
    body: m.body,
    file: m.file,
    status,
    progress: null,
    createdAt: m.createdAt,
    replyToId: m.replyToId,
    editedAt: m.editedAt,
    deletedAt: m.deletedAt,
    reactions: m.reactions,
  };
}

export const keyOf = (m: Pick<MessageDTO, 'senderType' | 'clientMsgId' | 'id'>) => (m.senderType === 'visitor' && m.clientMsgId ? m.clientMsgId : `m${m.id}`);

/** The visitor's message before the server has it: a clock until the ack. */
export function pendingItem(clientMsgId: string, chatId: number | null, body: string | null, file?: File): Item {
  return {
    key: clientMsgId,
    chatId,
    id: null,
    seq: null,
    clientMsgId,
    senderType: 'visitor',
    senderId: null,
    senderName: null,
    type: file ? 'file' : 'text',
    body,
    file: file ? { name: file.name, size: file.size, type: file.type, expired: false } : null,
    status: 'sending',
    progress: file ? 0 : null,
    createdAt: new Date().toISOString(),
    replyToId: null,
    editedAt: null,
    deletedAt: null,
    reactions: [],
  };
}

declare global {
  interface Window {
    /** Safari before 14.1 has the Web Audio API under this name only. */
    webkitAudioContext?: typeof AudioContext;
  }
}

/** A short beep for a new agent message (no sound file to download). */
export function beep() {
  try {
    const Ctx = window.AudioContext ?? window.webkitAudioContext;
    const audio = new Ctx();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.25);
    osc.onended = () => void audio.close();
  } catch {
    /* no audio here */
  }
}

/** A preference kept in this frame's storage when the browser allows it (third-party storage is often blocked). */
export function preference(key: string, value?: string): string | null {
  try {
    if (value !== undefined) localStorage.setItem(key, value);
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
