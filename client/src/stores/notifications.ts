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

  async function markIds(ids: number[]) {
    if (ids.length === 0) return;
    const res = await post<UnreadCountDTO>('/api/notifications/read', { ids });
    unread.value = res.unread;
    const now = new Date().toISOString();
    items.value = items.value.map((n) => (ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n));
  }

  const markRead = (id: number) => markIds([id]);
  /** The chat is open in front of the agent: its notifications (waiting, transferred) are dealt with. */
  const markChatRead = (chatId: number) => markIds(items.value.filter((n) => !n.readAt && n.data.chatId === chatId).map((n) => n.id));

  return { items, unread, load, received, markAllRead, markRead, markChatRead };
});
