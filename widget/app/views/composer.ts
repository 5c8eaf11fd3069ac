import { h, icons, svg } from '../dom.js';
import { t } from '../texts.js';
import type { Item } from './bubble.js';

/** What the next send does besides sending: answer a message (quoted), or replace one's own text. */
export type ComposerContext = { kind: 'reply' | 'edit'; item: Item; label: string } | null;

const MIME: Record<string, string> = { pdf: 'application/pdf', doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };

/**
 * Where the visitor writes: a text area (Enter sends, Shift+Enter is a new line), the paperclip
 * (the picker offers the camera on phones, since pictures are accepted), and the send button.
 */
export function composer(fileTypes: string[], on: { send(text: string, context: ComposerContext): void; attach(file: File): void; typing(active: boolean): void }) {
  const input = h('textarea', { rows: 1, maxlength: 5000, placeholder: t.messagePlaceholder, 'aria-label': t.messageLabel, enterkeyhint: 'send' });
  const accept = [...fileTypes.map((e) => `.${e}`), ...new Set(fileTypes.map((e) => MIME[e]).filter(Boolean))].join(',');
  const picker = h('input', { type: 'file', accept, class: 'visually-hidden', tabindex: -1, 'aria-hidden': 'true' });
  const attach = h('button', { type: 'button', class: 'icon-button', 'aria-label': t.attach, title: t.attach, onclick: () => picker.click() }, svg(icons.clip));
  const send = h('button', { type: 'submit', class: 'icon-button send', 'aria-label': t.send, title: t.send }, svg(icons.send));
  const bar = h('div', { class: 'context', hidden: true });
  let context: ComposerContext = null;
  function setContext(next: ComposerContext) {
    const wasEditing = context?.kind === 'edit';
    context = next;
    bar.hidden = !next;
    bar.replaceChildren(...(next ? [h('span', {}, next.label), h('button', { type: 'button', 'aria-label': t.cancel, title: t.cancel, onclick: () => setContext(null) }, '×')] : []));
    if (next?.kind === 'edit') input.value = next.item.body ?? '';
    else if (wasEditing) input.value = '';
    input.focus();
  }
  // The emoji picker is its own chunk, fetched on the first click: the first open stays small.
  let emojis: HTMLElement | null = null;
  const emojiButton = h('button', {
    type: 'button',
    class: 'emoji-button',
    'aria-label': t.emoji,
    title: t.emoji,
    onclick: async () => {
      if (emojis) return void (emojis.hidden = !emojis.hidden);
      const { emojiPicker } = await import('./emojiPicker.js');
      emojis = emojiPicker((emoji) => {
        const at = input.selectionStart ?? input.value.length;
        input.value = input.value.slice(0, at) + emoji + input.value.slice(input.selectionEnd ?? at);
        input.focus();
        input.selectionStart = input.selectionEnd = at + emoji.length;
      });
      form.insertBefore(emojis, attach);
    },
  }, svg(icons.smile));
  let typing = false;
  let idle: ReturnType<typeof setTimeout> | undefined;

  const setTyping = (active: boolean) => {
    if (active !== typing) on.typing((typing = active));
    clearTimeout(idle);
    if (active) idle = setTimeout(() => setTyping(false), 4000);
  };
  const submit = () => {
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    setTyping(false);
    on.send(text, context);
    setContext(null);
  };
  input.addEventListener('input', () => setTyping(input.value.trim().length > 0));
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      submit();
    }
  });
  picker.addEventListener('change', () => {
    const file = picker.files?.[0];
    picker.value = '';
    if (file) on.attach(file);
  });
  const form = h('form', { class: 'composer', onsubmit: (ev: Event) => (ev.preventDefault(), submit()) }, bar, attach, picker, emojiButton, input, send);
  return { el: form, focus: () => input.focus(), setContext };
}
