import { h, icons, svg } from '../dom.js';
import { t } from '../texts.js';

const MIME: Record<string, string> = { pdf: 'application/pdf', doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };

/**
 * Where the visitor writes: a text area (Enter sends, Shift+Enter is a new line), the paperclip
 * (the picker offers the camera on phones, since pictures are accepted), and the send button.
 */
export function composer(fileTypes: string[], on: { send(text: string): void; attach(file: File): void; typing(active: boolean): void }) {
  const input = h('textarea', { rows: 1, maxlength: 5000, placeholder: t.messagePlaceholder, 'aria-label': t.messageLabel, enterkeyhint: 'send' });
  const accept = [...fileTypes.map((e) => `.${e}`), ...new Set(fileTypes.map((e) => MIME[e]).filter(Boolean))].join(',');
  const picker = h('input', { type: 'file', accept, class: 'visually-hidden', tabindex: -1, 'aria-hidden': 'true' });
  const attach = h('button', { type: 'button', class: 'icon-button', 'aria-label': t.attach, title: t.attach, onclick: () => picker.click() }, svg(icons.clip));
  const send = h('button', { type: 'submit', class: 'icon-button send', 'aria-label': t.send, title: t.send }, svg(icons.send));
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
    on.send(text);
    input.focus();
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
  const form = h('form', { class: 'composer', onsubmit: (ev: Event) => (ev.preventDefault(), submit()) }, attach, picker, input, send);
  return { el: form, focus: () => input.focus() };
}
