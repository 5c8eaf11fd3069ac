import { defineStore } from 'pinia';
import { ref } from 'vue';
import { get, messageOf } from '../api/http';
import type { HistoryChatDTO, HistoryPageDTO } from '../api/types';
import { emptyFilters, searchOf, type HistoryFilters } from '../history/filters';

const PAGE = 50;

/**
 * The History page's list: the filters it shows, the chats loaded so far (keyset pages, newest
 * first) and where the next page starts. A newer request wins: a slow answer to filters the user
 * has since changed is dropped, not shown.
 */
export const useHistory = defineStore('history', () => {
  const filters = ref<HistoryFilters>(emptyFilters());
  const chats = ref<HistoryChatDTO[]>([]);
  const next = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref('');
  let generation = 0;

  async function fetchPage(cursor: string | null) {
    const mine = ++generation;
    loading.value = true;
    error.value = '';
    try {
      const page = await get<HistoryPageDTO>(`/api/history?${searchOf(filters.value, { limit: String(PAGE), ...(cursor ? { cursor } : {}) })}`);
      if (mine !== generation) return;
      chats.value = cursor ? [...chats.value, ...page.chats] : page.chats;
      next.value = page.next;
      loaded.value = true;
    } catch (err) {
      if (mine !== generation) return;
      error.value = messageOf(err);
      if (!cursor) chats.value = [];
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** New filters (the page reloads the list when the URL has them). */
  const setFilters = (f: HistoryFilters) => (filters.value = f);
  /** The first page for the current filters. */
  const reload = () => fetchPage(null);
  /** The page after the last one shown, unless that was the last or one is on its way. */
  const loadMore = () => (next.value && !loading.value ? fetchPage(next.value) : Promise.resolve());

  return { filters, chats, next, loading, loaded, error, setFilters, reload, loadMore };
});
