import type { WidgetSettingsDTO } from '../../../lib/protocol/widget.js';
import { h, icons, svg } from '../dom.js';
import { t } from '../texts.js';

/** The header: logo and name, agents online or offline, sound, end chat (with a confirmation), minimize. */
export function header(settings: WidgetSettingsDTO, on: { minimize(): void; endChat(): void; sound(on: boolean): void }, soundOn: boolean) {
  const status = h('span', { class: 'status', role: 'status' });
  const sound = h('button', { type: 'button', class: 'icon-button', 'aria-pressed': String(soundOn), 'aria-label': soundOn ? t.soundOn : t.soundOff, title: t.soundOn }, svg(icons.bell));
  sound.addEventListener('click', () => {
    const next = sound.getAttribute('aria-pressed') !== 'true';
    sound.setAttribute('aria-pressed', String(next));
    sound.setAttribute('aria-label', next ? t.soundOn : t.soundOff);
    on.sound(next);
  });
  const end = h('button', { type: 'button', class: 'icon-button', 'aria-label': t.endChat, title: t.endChat, hidden: true }, svg(icons.close));
  const confirmYes = h('button', { type: 'button', class: 'danger', onclick: () => ((bar.hidden = true), on.endChat()) }, t.endChat);
  const bar = h('div', { class: 'confirm', role: 'alertdialog', 'aria-label': t.endConfirm, hidden: true }, h('span', {}, t.endConfirm), confirmYes, h('button', { type: 'button', onclick: () => ((bar.hidden = true), end.focus()) }, t.cancel));
  end.addEventListener('click', () => {
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
    end,
    h('button', { type: 'button', class: 'icon-button', 'aria-label': t.minimize, title: t.minimize, onclick: on.minimize }, svg(icons.minus)),
  );
  return {
    el,
    bar,
    setOnline(online: boolean) {
      status.textContent = online ? t.online : settings.offlineTitle;
      status.classList.toggle('on', online);
    },
    canEnd(yes: boolean) {
      end.hidden = !yes;
      if (!yes) bar.hidden = true;
    },
  };
}
