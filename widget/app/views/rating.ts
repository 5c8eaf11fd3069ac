import { h } from '../dom.js';
import { t } from '../texts.js';

/** After the chat: 1-5 stars (radio buttons, so arrows keys work) and a comment, then a thank-you. */
export function ratingForm(submit: (rating: number, comment: string) => Promise<string | null>, restart: () => void) {
  const stars = [1, 2, 3, 4, 5].map((n) =>
    h('label', { class: 'star', title: t.stars(n) }, h('input', { type: 'radio', name: 'rating', value: n, 'aria-label': t.stars(n) }), h('span', { 'aria-hidden': 'true' }, '★')),
  );
  const comment = h('textarea', { id: 'rating-comment', rows: 3, maxlength: 2000 });
  const status = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const send = h('button', { type: 'submit', class: 'primary' }, t.submitRating);
  const fieldset = h('fieldset', { class: 'stars' }, h('legend', {}, t.rateTitle), ...stars);
  const form = h(
    'form',
    { class: 'rating' },
    h('p', { class: 'ended' }, t.chatEnded),
    fieldset,
    h('label', { for: comment.id }, t.comment, h('small', {}, ` ${t.optional}`)),
    comment,
    status,
    send,
    h('button', { type: 'button', class: 'link', onclick: restart }, t.newChat),
  );
  // Stars fill up to the one chosen.
  fieldset.addEventListener('change', () => {
    const chosen = Number((form.querySelector('input[name=rating]:checked') as HTMLInputElement | null)?.value ?? 0);
    stars.forEach((s, i) => s.classList.toggle('on', i < chosen));
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const chosen = Number((form.querySelector('input[name=rating]:checked') as HTMLInputElement | null)?.value ?? 0);
    if (!chosen) {
      status.textContent = t.rateTitle;
      status.hidden = false;
      return;
    }
    send.disabled = true;
    const refused = await submit(chosen, comment.value.trim());
    send.disabled = false;
    if (refused) {
      status.textContent = t.serverRefused(refused);
      status.hidden = false;
      return;
    }
    form.replaceChildren(h('p', { class: 'thanks', role: 'status' }, t.ratingThanks), h('button', { type: 'button', class: 'link', onclick: restart }, t.newChat));
  });
  return form;
}
