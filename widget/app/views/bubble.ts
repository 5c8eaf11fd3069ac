import { REACTION_EMOJI, type AgentRef, type MessageDTO } from '../../../lib/protocol/dto.js';
import { formatBytes, h, icons, linkify, svg } from '../dom.js';
import { locale, t } from '../texts.js';

export type Status = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** One line of the conversation as the app holds it: a stored message, or the visitor's own on its way. */
export interface Item extends Pick<MessageDTO, 'clientMsgId' | 'senderType' | 'senderId' | 'senderName' | 'type' | 'body' | 'file' | 'createdAt' | 'replyToId' | 'editedAt' | 'deletedAt' | 'reactions'> {
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
  reply(item: Item): void;
  edit(item: Item): void;
  remove(item: Item): void;
  react(item: Item, emoji: string): void;
  /** A picture's thumbnail: sets the image's source once its link is in; a click opens the viewer. */
  thumbnail(item: Item, img: HTMLImageElement): void;
  /** Scrolls to the message a reply quotes. */
  jump(messageId: number): void;
  /** The quoted message, when the conversation holds it. */
  quoted(messageId: number): Item | undefined;
  /** "visitor:{id}": whose reactions are the visitor's own. */
  me: string;
}



const TICKS: Record<Status, [string, string]> = {
  sending: [icons.clock, t.sending],
  sent: [icons.check, t.sent],
  delivered: [icons.double, t.delivered],
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

const isPicture = (item: Item) => item.type === 'file' && !!item.file && !item.file.expired && !!item.id && /^image\//.test(item.file.type ?? '');

function picture(item: Item, actions: BubbleActions) {
  const img = h('img', { class: 'thumb', alt: item.file!.name ?? '', title: t.openImage, tabindex: 0 });
  actions.thumbnail(item, img);
  return img;
}

function quote(item: Item, actions: BubbleActions) {
  const original = actions.quoted(item.replyToId!);
  const text = original ? (original.deletedAt ? t.deleted : original.body ?? original.file?.name ?? '') : t.original;
  const who = original ? (original.senderType === 'visitor' ? t.you : original.senderName || t.agent) : '';
  return h('button', { type: 'button', class: 'quote', onclick: () => actions.jump(item.replyToId!) }, h('strong', {}, who), h('span', {}, text.slice(0, 120)));
}

function reactions(item: Item, actions: BubbleActions) {
  if (!item.reactions.length) return null;
  return h(
    'div',
    { class: 'reactions' },
    ...item.reactions.map((r) =>
      h('button', { type: 'button', class: `reaction${r.by.includes(actions.me) ? ' mine' : ''}`, 'aria-pressed': String(r.by.includes(actions.me)), onclick: () => actions.react(item, r.emoji) }, `${r.emoji} ${r.by.length}`),
    ),
  );
}

/** Reply, react (the small set), and on one's own text edit and delete; shown on hover or focus. */
function tools(item: Item, mine: boolean, actions: BubbleActions) {
  const palette = h('span', { class: 'palette', hidden: true }, ...REACTION_EMOJI.map((e) => h('button', { type: 'button', 'aria-label': `${t.react} ${e}`, onclick: () => ((palette.hidden = true), actions.react(item, e)) }, e)));
  const button = (label: string, icon: string, onclick: () => void) => h('button', { type: 'button', 'aria-label': label, title: label, onclick }, svg(icon));
  return h(
    'span',
    { class: 'tools' },
    button(t.reply, icons.reply, () => actions.reply(item)),
    button(t.react, icons.smile, () => (palette.hidden = !palette.hidden)),
    mine && item.type === 'text' ? button(t.edit, icons.pencil, () => actions.edit(item)) : null,
    mine ? button(t.remove, icons.trash, () => actions.remove(item)) : null,
    palette,
  );
}

/** A WhatsApp-like bubble: the agent's avatar and pseudo name, the text (links clickable), the time and the visitor's ticks. */
export function bubble(item: Item, agent: AgentRef | undefined, actions: BubbleActions): HTMLElement {
  if (item.senderType === 'system') return h('li', { class: 'system', 'data-seq': item.seq ?? '' }, item.body ?? '');
  const mine = item.senderType === 'visitor';
  const time = new Date(item.createdAt).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  const tick = item.status ? svg(TICKS[item.status][0], TICKS[item.status][1]) : null;
  const stored = item.id !== null && !item.deletedAt;
  const content = item.deletedAt
    ? h('p', { class: 'text deleted' }, t.deleted)
    : isPicture(item)
      ? picture(item, actions)
      : item.type === 'file' && item.file
        ? fileBody(item, actions)
        : h('p', { class: 'text' }, ...linkify(item.body ?? ''));
  return h(
    'li',
    // Focusable, so that a tap on a phone (no hover) shows the message's tools.
    { class: `msg ${mine ? 'mine' : 'theirs'}`, 'data-seq': item.seq ?? '', 'data-id': item.id ?? '', 'data-status': item.status ?? '', tabindex: stored ? -1 : null },
    mine ? null : avatar(item, agent),
    h(
      'div',
      { class: 'bubble' },
      mine ? null : h('span', { class: 'who' }, item.senderName || t.agent),
      item.replyToId && !item.deletedAt ? quote(item, actions) : null,
      content,
      item.deletedAt ? null : reactions(item, actions),
      item.error ? h('p', { class: 'error', role: 'alert' }, item.error) : null,
      h(
        'span',
        { class: 'meta' },
        item.editedAt && !item.deletedAt ? h('span', { class: 'edited' }, t.edited) : null,
        time,
        tick ? h('span', { class: 'tick' }, tick) : null,
        item.status === 'failed' && item.type === 'text' ? h('button', { type: 'button', class: 'retry', onclick: () => actions.retry(item) }, t.retry) : null,
      ),
    ),
    stored ? tools(item, mine, actions) : null,
  );
}
