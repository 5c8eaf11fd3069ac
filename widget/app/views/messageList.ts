import type { AgentRef } from '../../../lib/protocol/dto.js';
import { h } from '../dom.js';
import { t } from '../texts.js';
import { bubble, type BubbleActions, type Item } from './bubble.js';

const NEAR_BOTTOM_PX = 48;

/**
 * The conversation as the state holds it, drawn in seq order (the visitor's unsent messages
 * last). Smart auto-scroll: it follows new messages while the reader is at the bottom, and stays put while they read history,
 * counting what arrived below in a "new messages" pill instead.
 */
export function messageList(actions: BubbleActions, onBottom: () => void, conversation: { items: ReadonlyMap<string, Item>; agents: ReadonlyMap<number, AgentRef> }) {
  const { items, agents } = conversation;
  const nodes = new Map<string, HTMLElement>();
  const list = h('ol', { class: 'messages', 'aria-live': 'polite', 'aria-label': t.conversation });
  const pill = h('button', { type: 'button', class: 'pill', hidden: true, onclick: () => toBottom() });
  const intro = h('li', { class: 'intro' });
  list.append(intro);
  const pane = h('div', { class: 'pane' }, list);
  let unseenBelow = 0;

  const atBottom = () => pane.scrollHeight - pane.scrollTop - pane.clientHeight < NEAR_BOTTOM_PX;
  function toBottom() {
    pane.scrollTop = pane.scrollHeight;
    unseenBelow = 0;
    pill.hidden = true;
    onBottom();
  }
  pane.addEventListener('scroll', () => {
    if (atBottom() && unseenBelow) {
      unseenBelow = 0;
      pill.hidden = true;
    }
    if (atBottom()) onBottom();
  });

  // Chat by chat (a returning visitor's earlier chat comes first), then seq; unsent ones last.
  const order = (a: Item) => (a.chatId ?? 1e9) * 1e6 + (a.seq ?? 999_999);

  return {
    pane,
    pill,
    atBottom,
    toBottom,
    /** Scrolls the message with this id into view and flashes it (a reply's quote was clicked). */
    jump(id: number) {
      const node = list.querySelector<HTMLElement>(`[data-id="${id}"]`);
      if (!node) return;
      node.scrollIntoView({ block: 'center' });
      node.classList.add('flash');
      setTimeout(() => node.classList.remove('flash'), 1200);
    },
    setIntro(text: string) {
      intro.textContent = text;
    },
    /** Draws or redraws one item of the conversation (already in the state); `follow` scrolls to it (the visitor's own messages). */
    draw(item: Item, follow = false) {
      const wasAtBottom = atBottom();
      const isNew = !nodes.has(item.key);
      const node = bubble(item, item.senderId ? agents.get(item.senderId) : undefined, actions);
      const old = nodes.get(item.key);
      nodes.set(item.key, node);
      if (old && (old.dataset.seq || '') === String(item.seq ?? '')) old.replaceWith(node);
      else {
        old?.remove();
        const next = [...items.values()].filter((o) => o.key !== item.key && nodes.get(o.key)?.isConnected && order(o) > order(item)).sort((a, b) => order(a) - order(b))[0];
        list.insertBefore(node, next ? nodes.get(next.key)! : null);
      }
      if (follow || wasAtBottom) toBottom();
      else if (isNew && item.senderType !== 'visitor') {
        unseenBelow++;
        pill.textContent = `${t.newMessages(unseenBelow)} ↓`;
        pill.hidden = false;
      }
    },
  };
}

export type MessageList = ReturnType<typeof messageList>;
