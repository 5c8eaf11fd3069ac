import type { WidgetSessionDTO } from '../../lib/protocol/widget.js';
import { h } from './dom.js';
import { locale, t } from './texts.js';
import { backAt } from './backAt.js';
import type { Change, Panel, WidgetStore } from './state.js';
import { messageList } from './views/messageList.js';
import { header } from './views/header.js';
import { leadForm, type LeadSubmission } from './views/leadForm.js';
import { composer, type ComposerContext } from './views/composer.js';
import { ratingForm } from './views/rating.js';
import type { BubbleActions } from './views/bubble.js';

const TYPING_SHOWN_MS = 8000;

export interface ScreenActions extends Omit<BubbleActions, 'reply' | 'edit' | 'jump'> {
  minimize(): void;
  endChat(): void;
  sound(on: boolean): void;
  submitLead(s: LeadSubmission): Promise<string | null>;
  send(text: string, context: ComposerContext): void;
  attach(file: File): void;
  typing(isTyping: boolean): void;
  rate(chatId: number, rating: number, comment: string): Promise<string | null>;
  /** The visitor scrolled down to the newest message. */
  atBottom(): void;
}

/**
 * The frame's DOM: built once, then redrawn piece by piece as the state says what changed. It
 * holds no state of its own beyond what the browser shows (scroll position, form fields).
 */
export function screen(session: WidgetSessionDTO, identity: { name?: string; email?: string }, store: WidgetStore, on: ScreenActions) {
  const { settings } = session;
  const state = store.state;
  // Reply and edit go through the message box; a quote scrolls to the message it names.
  const list = messageList(
    {
      ...on,
      reply: (item) => writer.setContext({ kind: 'reply', item, label: `${t.replyingTo(item.senderType === 'visitor' ? t.you : item.senderName || t.agent)}: ${item.body ?? item.file?.name ?? ''}` }),
      edit: (item) => writer.setContext({ kind: 'edit', item, label: t.editing }),
      jump: (id) => list.jump(id),
    },
    on.atBottom,
    state,
  );
  const head = header(settings, { minimize: on.minimize, endChat: on.endChat, sound: on.sound }, state.soundOn);
  const banner = h('div', { class: 'banner', role: 'status', hidden: true }, t.reconnecting);
  const typing = h('div', { class: 'typing', 'aria-live': 'polite' });
  const queue = h('div', { class: 'queue', role: 'status', hidden: true });
  const bottom = h('div', { class: 'bottom' });
  const chat = h('div', { class: 'chat' });
  document.getElementById('app')!.replaceChildren(chat);
  // The website's "Continue on WhatsApp" link, under the header.
  const digits = settings.whatsapp?.replace(/\D/g, '');
  const whatsapp = digits ? h('a', { class: 'whatsapp', href: `https://wa.me/${digits}`, target: '_blank', rel: 'noopener' }, t.whatsapp) : null;
  chat.append(head.el, head.bar, ...(whatsapp ? [whatsapp] : []), banner, h('div', { class: 'middle' }, list.pane, list.pill), queue, typing, bottom);
  document.documentElement.style.setProperty('--accent', settings.color);
  document.body.classList.toggle('no-avatars', settings.agentAvatars === false);

  let visitorName = session.visitor.name ?? identity.name;
  const lead = leadForm({ serviceTypes: settings.serviceTypes, departments: settings.departments ?? [], customFields: settings.customFields ?? [], consent: settings.consent ?? null, required: settings.leadRequired, offline: !state.online && !session.openChat, prefill: { ...session.visitor, ...identity } }, (s) =>
    on.submitLead(s).then((refused) => {
      // The name just given greets the visitor from now on.
      if (!refused && s.lead.name) (visitorName = s.lead.name), showOnline();
      return refused;
    }),
  );
  const writer = composer(settings.fileTypes, { send: on.send, attach: on.attach, typing: on.typing });
  // A website that asks its form for every chat (its own required questions, consent) asks it again.
  const formPerChat = Boolean(settings.consent) || (settings.customFields ?? []).some((f) => f.required);
  const restart = () => store.setPanel(formPerChat ? 'lead' : 'composer');
  const panels: Record<Panel, () => HTMLElement> = {
    lead: () => lead.el,
    composer: () => writer.el,
    rating: () => {
      const closedId = state.chat!.id;
      // Ratings off: the chat's end and a new chat only.
      if (settings.rating === false) return h('div', { class: 'rating' }, h('p', { class: 'ended' }, t.chatEnded), h('button', { type: 'button', class: 'link', onclick: restart }, t.newChat));
      return ratingForm((rating, comment) => on.rate(closedId, rating, comment), restart);
    },
  };

  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  // Closed (business hours): the away text and when the website is back, then the offline text.
  const { hours } = session;
  const offlineIntro = hours.open ? settings.offlineText : [hours.awayText, hours.nextOpenAt ? backAt(hours.nextOpenAt, new Date(), locale, t) : '', settings.offlineText].filter(Boolean).join(' ');
  const showOnline = () => {
    head.setOnline(state.online);
    list.setIntro(state.online ? (visitorName ? t.hello(visitorName, settings.welcomeText) : settings.welcomeText) : offlineIntro);
  };
  const redraw: { [T in Change['type']]?: (c: Extract<Change, { type: T }>) => void } = {
    item: (c) => list.draw(c.item, c.follow),
    online: showOnline,
    typing: () => {
      clearTimeout(typingTimer);
      typing.textContent = state.typing === null ? '' : t.typing(state.typing || t.agent);
      if (state.typing !== null) typingTimer = setTimeout(store.typingOver, TYPING_SHOWN_MS);
    },
    panel: () => {
      chat.classList.toggle('leading', state.panel === 'lead');
      bottom.replaceChildren(panels[state.panel]());
      if (state.panel === 'composer') writer.focus();
    },
    queue: () => {
      queue.hidden = state.queue === null;
      queue.textContent = state.queue ? t.queuePlace(state.queue.position, state.queue.estimatedWaitSeconds) : '';
    },
    chat: () => head.canEnd(state.chat !== null && state.chat.status !== 'closed'),
  };
  showOnline();
  // A chat going on shows above the form, so agent messages are visible while it is filled in.
  chat.classList.toggle('leading', state.panel === 'lead');
  bottom.replaceChildren(panels[state.panel]());

  return {
    apply: (change: Change) => (redraw[change.type] as ((c: Change) => void) | undefined)?.(change),
    setConnection: (state: string) => (banner.hidden = state !== 'reconnecting'),
    /** The visitor can see the newest message: the frame's page is in front and the list is scrolled down. */
    canSeeNewest: () => list.atBottom() && !document.hidden,
    /** The frame was opened: the newest message and the field to type in are in front. */
    shown() {
      list.toBottom();
      (state.panel === 'lead' ? lead : writer).focus();
    },
    setMobile: (mobile: boolean) => document.body.classList.toggle('mobile', mobile),
    prefill: (who: { name?: string; email?: string }) => lead.prefill(who),
  };
}

export type Screen = ReturnType<typeof screen>;
