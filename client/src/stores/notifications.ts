import { defineStore } from 'pinia';
import { ref } from 'vue';
import { get, post } from '../api/http';
import type { NotificationItem, NotificationListDTO, UnreadCountDTO } from '../api/types';

/** The bell: the user's notifications from the server, live additions, and the unread count. */
export const useNotifications = defineStore('notifications', () => {
  const items = ref<NotificationItem[]>([]);
  const unread = ref(0);

  async function load() {
    const res = await get<NotificationListDTO>('/api/notifications');
    items.value = res.notifications;
    unread.value = res.unread;
  }

  function received(n: Omit<NotificationItem, 'readAt'>) {
    if (items.value.some((x) => x.id === n.id)) return;
    items.value = [{ ...n, readAt: null }, ...items.value].slice(0, 100);
    unread.value += 1;
  }

  async function markAllRead() {
    const res = await post<UnreadCountDTO>('/api/notifications/read', { all: true });
    unread.value = res.unread;
    const now = new Date().toISOString();
    items.value = items.value.map((n) => ({ ...n, readAt: n.readAt ?? now }));
  }

  async function markRead(id: number) {
    const res = await post<UnreadCountDTO>('/api/notifications/read', { ids: [id] });
    unread.value = res.unread;
    items.value = items.value.map((n) => (n.id === id ? { ...n, readAt: n.readAt ?? new Date().toISOString() } : n));
  }

  return { items, unread, load, received, markAllRead, markRead };
});
