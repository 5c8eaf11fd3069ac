import { reactive, watchEffect, type Ref } from 'vue';
import { newId } from '../../../lib/realtime-client/index.js';
import type { MessageChangeDTO } from '../../../lib/protocol/dto.js';
import { post } from '../api/http';
import type { DownloadLinkDTO, MessageDTO } from '../api/types';
import { useLive } from '../realtime/inject';

/** A picture still on the server: shown as its thumbnail. */
export const isPicture = (m: MessageDTO) => m.type === 'file' && !!m.file && !m.file.expired && !m.deletedAt && /^image\//.test(m.file.type ?? '');

/**
 * What an agent does to a message in the open chat: react, delete their own (edit and reply go
 * through the message box), read its earlier texts, and the pictures' thumbnails (one short-lived
 * link per picture, fetched as it appears).
 */
export function useMessageTools(chatId: () => number, messages: Ref<MessageDTO[]>, onError: (message: string) => void) {
  const live = useLive();
  const thumbs = reactive(new Map<number, { thumb: string; full: string } | null>());
  const histories = reactive(new Map<number, MessageChangeDTO[]>());

  watchEffect(() => {
    for (const m of messages.value) {
      if (!isPicture(m) || thumbs.has(m.id)) continue;
      thumbs.set(m.id, null);
      post<DownloadLinkDTO>(`/api/files/${m.id}/link`).then(
        (link) => thumbs.set(m.id, { thumb: link.previewUrl ?? link.url, full: link.url }),
        () => thumbs.delete(m.id),
      );
    }
  });

  async function change(frame: { type: 'message.react'; messageId: number; emoji: string } | { type: 'message.delete'; messageId: number }) {
    const reply = await live.client.request({ ...frame, chatId: chatId(), clientChangeId: newId() });
    if (!reply.ok) onError(reply.error.message);
  }

  return {
    thumbs,
    histories,
    react: (m: MessageDTO, emoji: string) => change({ type: 'message.react', messageId: m.id, emoji }),
    remove: (m: MessageDTO) => change({ type: 'message.delete', messageId: m.id }),
    /** Shows (or hides again) what the message said before its edits, or before it was deleted. */
    async history(m: MessageDTO) {
      if (histories.delete(m.id)) return;
      const reply = await live.client.request({ type: 'message.history', chatId: chatId(), messageId: m.id });
      if (reply.ok) histories.set(m.id, reply.changes);
      else onError(reply.error.message);
    },
  };
}
