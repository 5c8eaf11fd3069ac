import type { WidgetSettingsDTO } from '../../lib/protocol/widget.js';

const ICON = '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';

/**
 * The launcher (a round button with the unread badge), the proactive toast above it, and the box
 * that holds the chat app's iframe: all in a shadow root, so the host page's CSS cannot restyle
 * it (the chat itself is in the iframe, out of the host's reach). Texts come from settings only.
 */
export function drawLauncher(settings: WidgetSettingsDTO, toggle: () => void) {
  const host = document.createElement('div');
  host.setAttribute('data-livechat', '');
  const root = host.attachShadow({ mode: 'open' });
  const side = settings.position === 'left' ? 'left' : 'right';
  root.innerHTML = `<style>
:host{all:initial}
*{box-sizing:border-box;font:14px/1.4 system-ui,sans-serif}
.l{position:fixed;bottom:20px;${side}:20px;width:60px;height:60px;border-radius:50%;border:0;cursor:pointer;color:#fff;background:${settings.color};box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483646;display:flex;align-items:center;justify-content:center}
.l:focus-visible{outline:3px solid #111;outline-offset:3px}
.b{position:absolute;top:-4px;${side === 'left' ? 'right' : 'left'}:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#e02424;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center}
.t{position:fixed;bottom:92px;${side}:20px;max-width:280px;padding:12px 36px 12px 14px;border-radius:12px;background:#fff;color:#111;box-shadow:0 4px 18px rgba(0,0,0,.2);z-index:2147483646;cursor:pointer}
.t b{display:block}.t button{position:absolute;top:4px;right:4px;width:32px;height:32px;border:0;background:none;cursor:pointer;font-size:18px}
.f{position:fixed;bottom:92px;${side}:20px;width:370px;height:min(620px,calc(100vh - 112px));border:0;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.25);z-index:2147483647;background:#fff}
.f.m{inset:0;width:100%;height:100%;border-radius:0}
[hidden]{display:none!important}
</style><button class="l" type="button" aria-label="Open chat" aria-expanded="false">${ICON}<span class="b" hidden></span></button><div class="t" role="status" hidden><b></b><span></span><button type="button" aria-label="Dismiss">×</button></div>`;
  const launcher = root.querySelector('.l') as HTMLButtonElement;
  const badge = root.querySelector('.b') as HTMLElement;
  const toast = root.querySelector('.t') as HTMLElement;
  let frame: HTMLIFrameElement | null = null;
  launcher.onclick = toggle;
  toast.onclick = (ev) => {
    toast.hidden = true;
    if (!(ev.target as HTMLElement).closest('button')) toggle();
  };
  document.body.appendChild(host);

  return {
    frame(src: string) {
      frame = document.createElement('iframe');
      frame.className = 'f';
      frame.title = settings.title;
      frame.hidden = true;
      frame.allow = 'autoplay';
      frame.src = src;
      root.appendChild(frame);
      return frame;
    },
    show(open: boolean, mobile: boolean) {
      if (frame) {
        frame.hidden = !open;
        frame.classList.toggle('m', mobile);
        if (open) frame.focus();
      }
      launcher.hidden = open && mobile;
      launcher.setAttribute('aria-expanded', String(open));
      launcher.setAttribute('aria-label', open ? 'Minimize chat' : 'Open chat');
      if (open) toast.hidden = true;
      else launcher.focus();
    },
    badge(count: number) {
      badge.hidden = count < 1;
      badge.textContent = count > 99 ? '99+' : String(count);
      launcher.setAttribute('aria-label', count ? `Open chat, ${count} unread` : 'Open chat');
    },
    toast(from: string, text: string) {
      (toast.firstChild as HTMLElement).textContent = from;
      (toast.children[1] as HTMLElement).textContent = text.length > 90 ? `${text.slice(0, 90)}…` : text;
      toast.hidden = false;
    },
  };
}
