import type { WidgetSettingsDTO } from '../../../lib/protocol/widget.js';
import { h, icons, svg } from '../dom.js';
import { t } from '../texts.js';

/**
 * The header: logo and name, agents online or offline, sound, a menu with "End chat" (which asks
 * to confirm), and the "×" that closes the window as in every other chat widget: the chat goes on,
 * the launcher opens it again.
 */
export function header(settings: WidgetSettingsDTO, on: { minimize(): void; endChat(): void; sound(on: boolean): void }, soundOn: boolean) {
  const status = h('span', { class: 'status', role: 'status' });
  const sound = h('button', { type: 'button', class: 'icon-button', 'aria-pressed': String(soundOn), 'aria-label': soundOn ? t.soundOn : t.soundOff, title: t.soundOn }, svg(icons.bell));
  sound.addEventListener('click', () => {
    const next = sound.getAttribute('aria-pressed') !== 'true';
    sound.setAttribute('aria-pressed', String(next));
    sound.setAttribute('aria-label', next ? t.soundOn : t.soundOff);
    on.sound(next);
  });
  const confirmYes = h('button', { type: 'button', class: 'danger', onclick: () => ((bar.hidden = true), on.endChat()) }, t.endChat);
  const more = h('button', { type: 'button', class: 'icon-button', 'aria-label': t.chatOptions, title: t.chatOptions, 'aria-haspopup': 'menu', 'aria-expanded': 'false', hidden: true }, svg(icons.more));
  const bar = h('div', { class: 'confirm', role: 'alertdialog', 'aria-label': t.endConfirm, hidden: true }, h('span', {}, t.endConfirm), confirmYes, h('button', { type: 'button', onclick: () => ((bar.hidden = true), more.focus()) }, t.cancel));
  const end = h('button', { type: 'button', role: 'menuitem', class: 'menu-item' }, t.endChat);
  const menu = h('div', { class: 'menu', role: 'menu', 'aria-label': t.chatOptions, hidden: true }, end);
  const showMenu = (open: boolean) => {
    menu.hidden = !open;
    more.setAttribute('aria-expanded', String(open));
    if (open) end.focus();
  };
  more.addEventListener('click', () => showMenu(menu.hidden !== false));
  menu.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') return;
    ev.stopPropagation();
    showMenu(false);
    more.focus();
  });
  addEventListener('pointerdown', (ev) => !menu.hidden && !menu.contains(ev.target as Node) && !more.contains(ev.target as Node) && showMenu(false));
  end.addEventListener('click', () => {
    showMenu(false);
    bar.hidden = false;
    confirmYes.focus();
  });
  const logo = settings.logoUrl ? h('img', { class: 'logo', src: settings.logoUrl, alt: '' }) : h('span', { class: 'logo', 'aria-hidden': 'true' }, settings.title.charAt(0).toUpperCase());
  const el = h(
    'header',
    { class: 'head' },
    logo,
    h('div', { class: 'title' }, h('h1', {}, settings.title), status),
    sound,
    more,
    h('button', { type: 'button', class: 'icon-button', 'aria-label': t.minimize, title: t.minimize, onclick: on.minimize }, svg(icons.close)),
    menu,
  );
  return {
    el,
    bar,
    setOnline(online: boolean) {
      status.textContent = online ? t.online : settings.offlineTitle;
      status.classList.toggle('on', online);
    },
    canEnd(yes: boolean) {
      more.hidden = !yes;
      if (!yes) {
        bar.hidden = true;
        showMenu(false);
      }
    },
  };
}
