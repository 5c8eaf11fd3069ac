type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((ev: Event) => void)>;

/**
 * Builds an element. Text is always a text node and attributes are set one by one, so nothing a
 * visitor or an agent wrote is ever parsed as HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"']+[^\s<>"'.,;:!?)\]]/gi;

/** A message body as text nodes, with web addresses turned into links (http and https only). */
export function linkify(text: string): Node[] {
  const out: Node[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const at = match.index ?? 0;
    if (at > last) out.push(document.createTextNode(text.slice(last, at)));
    const href = match[0].startsWith('www.') ? `https://${match[0]}` : match[0];
    out.push(h('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow' }, match[0]));
    last = at + match[0].length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

export const svg = (paths: string, label?: string) => {
  const span = h('span', { class: 'icon', ...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': 'true' }) });
  span.innerHTML = `<svg viewBox="0 0 24 24" width="18" height="18"><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" d="${paths}"/></svg>`;
  return span;
};

/** Icon paths (ours, constant; never data). */
export const icons = {
  clock: 'M12 7v5l3 2M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z',
  check: 'M5 12l5 5L20 7',
  double: 'M2 12l5 5L17 7M12 16l1 1L23 7',
  clip: 'M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7',
  send: 'M22 2L11 13M22 2l-7 20-4-9-9-4 20-7z',
  more: 'M12 5h.01M12 12h.01M12 19h.01',
  bell: 'M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0',
  close: 'M18 6L6 18M6 6l12 12',
  trash: 'M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6M10 11v6M14 11v6',
  reply: 'M9 14L4 9l5-5M4 9h11a5 5 0 0 1 5 5v6',
  smile: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM8 14s1.5 2 4 2 4-2 4-2M9 9h.01M15 9h.01',
  pencil: 'M17 3l4 4L7 21H3v-4z',
  file: 'M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zM14 2v6h6',
};

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}
