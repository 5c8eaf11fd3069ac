import { h } from '../dom.js';

/** A small built-in set: the faces and gestures a support chat uses (no catalogue to download). */
const EMOJI = [...'😀😃😄😁😅😂🙂😉😊😍😘😎🤔😐😕😮😢😭😡🙄😴🤗🙏👍👎👌👋👏💪🎉❤️🔥✅❌⭐💡📦🚚💳📧📞'.matchAll(/\p{Extended_Pictographic}\uFE0F?/gu)].map((m) => m[0]);

/** A grid of emoji; a click hands one to `pick` (the composer inserts it at the caret). */
export function emojiPicker(pick: (emoji: string) => void): HTMLElement {
  return h('div', { class: 'emojis', role: 'group', 'aria-label': 'Emoji' }, ...EMOJI.map((e) => h('button', { type: 'button', 'aria-label': e, onclick: () => pick(e) }, e)));
}
