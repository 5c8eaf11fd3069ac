import { newId, type RealtimeClient } from '../../lib/realtime-client/index.js';
import type { ChatDTO } from '../../lib/protocol/dto.js';
import type { WidgetSettingsDTO } from '../../lib/protocol/widget.js';
import { ApiError, type WidgetApi } from './api.js';
import { h, formatBytes } from './dom.js';
import { t } from './texts.js';
import { pendingItem } from './conversation.js';
import type { WidgetStore } from './state.js';
import type { LeadSubmission } from './views/leadForm.js';
import type { Item } from './views/bubble.js';
import type { ComposerContext } from './views/composer.js';

/**
 * What the visitor does: start a chat (with the lead form or a first message), send, retry,
 * attach, download, end. Each goes to livechat and records its outcome in the state.
 */
export function visitorActions(deps: { store: WidgetStore; client: RealtimeClient; api: WidgetApi; settings: WidgetSettingsDTO; follow(chat: ChatDTO): Promise<unknown> }) {
  const { store, client, api, settings, follow } = deps;
  const { state } = store;

  /** Starts a chat; the refusal's message, or null once the chat is followed. */
  async function startChat(lead?: LeadSubmission['lead'], message?: string, clientMsgId?: string): Promise<string | null> {
    const reply = await client.request({ type: 'chat.start', ...(lead ? { lead } : {}), ...(message ? { message, clientMsgId } : {}) });
    if (!reply.ok) return reply.error.message;
    const chat = reply.chat as ChatDTO;
    await follow(chat);
    if (chat.status === 'offline') store.upsert({ ...pendingItem(`offline-${chat.id}`, chat.id, settings.offlineThanks), senderType: 'system', type: 'system', status: null, seq: 999_998 });
    return null;
  }

  /**
   * The visitor's texts leave one after another, in the order typed. One the server refuses for
   * now (rate_limited: typed faster than the limit) stays pending and goes again by itself after
   * the wait the server names, and the ones typed after it wait behind it: none is dropped and
   * the order holds.
   */
  const outbox: { clientMsgId: string; chatId: number; text: string; replyToId?: number }[] = [];
  let draining = false;
  async function drain() {
    if (draining) return;
    draining = true;
    while (outbox.length) {
      const { clientMsgId, chatId, text, replyToId } = outbox[0];
      const reply = await client.sendMessage(chatId, text, { clientMsgId, replyToId });
      if (!reply.ok && reply.error.code === 'rate_limited') {
        await new Promise((resolve) => setTimeout(resolve, reply.error.retryAfterMs ?? 1000));
        continue;
      }
      outbox.shift();
      if (reply.ok) store.acked(clientMsgId, reply as { id?: number; seq?: number });
      else store.update(clientMsgId, { status: 'failed', error: reply.error.message });
    }
    draining = false;
  }

  function sendText(text: string, clientMsgId = newId(), replyToId?: number) {
    const chatId = state.chat!.id;
    store.pending(clientMsgId, chatId, text);
    if (replyToId) store.update(clientMsgId, { replyToId });
    outbox.push({ clientMsgId, chatId, text, replyToId });
    void drain();
  }

  /** An edit, a delete or a reaction: its clientChangeId is made once, so a resend changes nothing twice; a refusal shows on the message. */
  async function change(item: Item, frame: { type: 'message.edit'; body: string } | { type: 'message.delete' } | { type: 'message.react'; emoji: string }) {
    const reply = await client.request({ ...frame, chatId: item.chatId!, messageId: item.id!, clientChangeId: newId() });
    store.update(item.key, { error: reply.ok ? undefined : reply.error.message });
  }

  // One link per picture for the thumbnails of this page (a redraw reuses it).
  const links = new Map<number, ReturnType<WidgetApi['downloadLink']>>();
  function viewer(url: string) {
    const overlay = h('button', { type: 'button', class: 'viewer', 'aria-label': t.cancel, onclick: () => overlay.remove() }, h('img', { src: url, alt: '' }));
    document.body.append(overlay);
    overlay.focus();
  }

  return {
    async submitLead(s: LeadSubmission) {
      const clientMsgId = newId();
      if (s.message) store.pending(clientMsgId, null, s.message);
      const refused = await startChat(s.lead, s.message || undefined, clientMsgId);
      if (refused) {
        if (s.message) store.update(clientMsgId, { status: 'failed' });
        return refused;
      }
      store.setPanel('composer');
      return null;
    },

    /** A message from the box: into the chat going on (answering one, or replacing one's own text), or the first of a new one. */
    send(text: string, context: ComposerContext) {
      if (context?.kind === 'edit') return void change(context.item, { type: 'message.edit', body: text });
      if (state.chat && state.chat.status !== 'closed') return sendText(text, undefined, context?.item.id ?? undefined);
      const clientMsgId = newId();
      store.pending(clientMsgId, null, text);
      void startChat(undefined, text, clientMsgId).then((refused) => refused && store.update(clientMsgId, { status: 'failed', error: refused }));
    },

    retry: (item: Item) => sendText(item.body ?? '', item.key, item.replyToId ?? undefined),

    remove: (item: Item) => change(item, { type: 'message.delete' }),
    react: (item: Item, emoji: string) => change(item, { type: 'message.react', emoji }),
    quoted: (id: number) => store.byId(id),
    thumbnail(item: Item, img: HTMLImageElement) {
      if (!links.has(item.id!)) links.set(item.id!, api.downloadLink(item.id!));
      links.get(item.id!)!.then(
        (link) => {
          img.src = link.previewUrl ?? link.url;
          const open = () => viewer(link.url);
          img.addEventListener('click', open);
          img.addEventListener('keydown', (ev) => ev.key === 'Enter' && open());
        },
        () => links.delete(item.id!),
      );
    },

    /** A file: its type and size are checked here first, so a refused one never travels. */
    async attach(file: File) {
      const clientMsgId = newId();
      const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
      const problem = !settings.fileTypes.includes(ext)
        ? t.badType(settings.fileTypes.map((e) => e.toUpperCase()).join(', '))
        : file.size > settings.maxFileBytes
          ? t.tooLarge(formatBytes(file.size), formatBytes(settings.maxFileBytes))
          : null;
      store.pending(clientMsgId, state.chat?.id ?? null, null, file);
      if (problem) return store.failed(clientMsgId, problem);
      if (!state.chat || state.chat.status === 'closed') {
        const refused = await startChat();
        if (refused) return store.failed(clientMsgId, refused);
      }
      const chatId = state.chat!.id;
      try {
        store.stored(await api.upload(chatId, file, clientMsgId, (progress) => store.update(clientMsgId, { progress })));
      } catch (err) {
        store.failed(clientMsgId, (err as Error).message, { chatId });
      }
    },

    async download(item: Item) {
      try {
        const link = await api.downloadLink(item.id!);
        h('a', { href: link.url, download: item.file?.name ?? '' }).click();
      } catch (err) {
        if (err instanceof ApiError && err.status === 410) store.update(item.key, { file: { ...item.file!, expired: true } });
        else store.update(item.key, { error: (err as Error).message });
      }
    },

    async endChat() {
      if (!state.chat) return;
      const reply = await client.request({ type: 'chat.close', chatId: state.chat.id });
      if (reply.ok) store.closedByVisitor();
    },
  };
}
