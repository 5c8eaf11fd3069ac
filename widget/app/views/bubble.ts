import type { AgentRef, MessageDTO } from '../../../lib/protocol/dto.js';
import { formatBytes, h, icons, linkify, svg } from '../dom.js';
import { t } from '../texts.js';

export type Status = 'sending' | 'sent' | 'read' | 'failed';

/** One line of the conversation as the app holds it: a stored message, or the visitor's own on its way. */
export interface Item extends Pick<MessageDTO, 'clientMsgId' | 'senderType' | 'senderId' | 'senderName' | 'type' | 'body' | 'file' | 'createdAt'> {
  key: string;
  /** Null for a message whose chat does not exist yet (the first one, while the chat starts). */
  chatId: number | null;
  /** Null until the server has stored it. */
  id: number | null;
  seq: number | null;
  /** The visitor's own messages only: clock, check, double check, or refused. */
  status: Status | null;
  error?: string;
  /** Upload progress 0..1 while a file is on its way. */
  progress?: number | null;
}

export interface BubbleActions {
  download(item: Item): void;
  retry(item: Item): void;
}

const TICKS: Record<Status, [string, string]> = {
  sending: [icons.clock, t.sending],
  sent: [icons.check, t.sent],
  read: [icons.double, t.read],
  failed: [icons.close, t.failed],
};

function avatar(item: Item, agent: AgentRef | undefined) {
  const name = item.senderName || t.agent;
  if (agent?.avatarUrl) return h('img', { class: 'avatar', src: agent.avatarUrl, alt: '' });
  return h('span', { class: 'avatar', 'aria-hidden': 'true' }, name.trim().charAt(0).toUpperCase() || '?');
}

function fileBody(item: Item, actions: BubbleActions) {
  const f = item.file!;
  const uploading = typeof item.progress === 'number' && item.status === 'sending';
  return h(
    'div',
    { class: 'file' },
    svg(icons.file),
    h('span', { class: 'file-name' }, f.name || 'file', h('small', {}, f.size ? ` · ${formatBytes(f.size)}` : '')),
    uploading ? h('progress', { max: 100, value: Math.round(item.progress! * 100), 'aria-label': t.uploading(Math.round(item.progress! * 100)) }) : null,
    f.expired
      ? h('span', { class: 'expired' }, t.fileExpired)
      : item.id && !uploading
        ? h('button', { type: 'button', class: 'download', onclick: () => actions.download(item) }, t.download)
        : null,
  );
}

/** A WhatsApp-like bubble: the agent's avatar and pseudo name, the text (links clickable), the time and the visitor's ticks. */
export function bubble(item: Item, agent: AgentRef | undefined, actions: BubbleActions): HTMLElement {
  if (item.senderType === 'system') return h('li', { class: 'system', 'data-seq': item.seq ?? '' }, item.body ?? '');
  const mine = item.senderType === 'visitor';
  const time = new Date(item.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const tick = item.status ? svg(TICKS[item.status][0], TICKS[item.status][1]) : null;
  return h(
    'li',
    { class: `msg ${mine ? 'mine' : 'theirs'}`, 'data-seq': item.seq ?? '', 'data-status': item.status ?? '' },
    mine ? null : avatar(item, agent),
    h(
      'div',
      { class: 'bubble' },
      mine ? null : h('span', { class: 'who' }, item.senderName || t.agent),
      item.type === 'file' && item.file ? fileBody(item, actions) : h('p', { class: 'text' }, ...linkify(item.body ?? '')),
      item.error ? h('p', { class: 'error', role: 'alert' }, item.error) : null,
      h(
        'span',
        { class: 'meta' },
        time,
        tick ? h('span', { class: 'tick' }, tick) : null,
        item.status === 'failed' && item.type === 'text' ? h('button', { type: 'button', class: 'retry', onclick: () => actions.retry(item) }, t.retry) : null,
      ),
    ),
  );
}
