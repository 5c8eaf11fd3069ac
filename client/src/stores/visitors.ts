import { defineStore } from 'pinia';
import { ref } from 'vue';
import { get } from '../api/http';
import type { LiveVisitor } from '../api/types';

/** The live visitors page: who is browsing now; pages and presence update from the socket. */
export const useLiveVisitors = defineStore('liveVisitors', () => {
  const list = ref<LiveVisitor[]>([]);
  const loaded = ref(false);

  async function load() {
    list.value = (await get<{ visitors: LiveVisitor[] }>('/api/visitors/online')).visitors;
    loaded.value = true;
  }

  function page(visitorId: number, url: string) {
    const v = list.value.find((x) => x.visitorId === visitorId);
    if (v) {
      v.currentPage = url;
      v.pagesViewed += 1;
    } else if (loaded.value) void load();
  }

  function presence(visitorId: number, online: boolean) {
    if (!online) list.value = list.value.filter((x) => x.visitorId !== visitorId);
    else if (loaded.value && !list.value.some((x) => x.visitorId === visitorId)) void load();
  }

  return { list, loaded, load, page, presence };
});
