import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError, get, messageOf, post } from '../api/http';
import type { HistoryExportDTO } from '../api/types';
import { queryOf, searchOf, type HistoryFilters } from '../history/filters';

const POLL_MS = 1000;

/**
 * Exports of the history. A small one downloads straight away; one the server finds too big for
 * that (413) runs in the background, and this store follows its progress until the link is ready.
 * Kept in a store so the progress survives leaving the History page.
 */
export const useExports = defineStore('exports', () => {
  const running = ref<HistoryExportDTO[]>([]);
  const busy = ref(false);
  const error = ref('');
  const timers = new Map<number, ReturnType<typeof setTimeout>>();

  async function start(filters: HistoryFilters, format: 'csv' | 'xlsx', messages: boolean) {
    busy.value = true;
    error.value = '';
    try {
      const res = await fetch(`/api/history/export?${searchOf(filters, { format, messages: String(messages) })}`, { credentials: 'same-origin' });
      if (res.status === 413) return await background(filters, format, messages);
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `The export failed (${res.status}). Try again.`);
      }
      save(await res.blob(), fileName(res.headers.get('content-disposition'), format));
    } catch (err) {
      error.value = messageOf(err);
    } finally {
      busy.value = false;
    }
  }

  async function background(filters: HistoryFilters, format: 'csv' | 'xlsx', messages: boolean) {
    const q = queryOf(filters);
    const list = (s?: string) => (s ? s.split(',') : undefined);
    const body = {
      ...q,
      status: list(q.status),
      clientIds: list(q.clientIds)?.map(Number),
      lead: list(q.lead),
      rating: list(q.rating),
      hasFiles: q.hasFiles ? q.hasFiles === 'true' : undefined,
      format,
      messages,
    };
    const res = await post<{ export: HistoryExportDTO }>('/api/history/exports', body);
    running.value = [res.export, ...running.value];
    follow(res.export.id);
  }

  function follow(id: number) {
    timers.set(
      id,
      setTimeout(async () => {
        try {
          const res = await get<{ export: HistoryExportDTO }>(`/api/history/exports/${id}`);
          running.value = running.value.map((e) => (e.id === id ? res.export : e));
          if (res.export.status === 'running') follow(id);
          else timers.delete(id);
        } catch (err) {
          timers.delete(id);
          running.value = running.value.map((e) => (e.id === id ? { ...e, status: 'failed', error: messageOf(err) } : e));
        }
      }, POLL_MS),
    );
  }

  const dismiss = (id: number) => {
    clearTimeout(timers.get(id));
    timers.delete(id);
    running.value = running.value.filter((e) => e.id !== id);
  };

  return { running, busy, error, start, dismiss };
});

function fileName(disposition: string | null, format: string) {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? `chat-history.${format}`;
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
