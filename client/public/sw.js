/* The dashboard's service worker: shows Web Push notifications while no dashboard tab is open,
   and opens (or focuses) the dashboard on the chat when one is clicked. */
self.addEventListener('push', (event) => {
  let data = { title: 'livechat', body: '', chatId: null, id: 0 };
  try {
    data = { ...data, ...event.data.json() };
  } catch {
    /* not JSON: show the default */
  }
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      // A visible dashboard already rang and showed it in the bell.
      if (windows.some((w) => w.visibilityState === 'visible')) return undefined;
      return self.registration.showNotification(data.title, { body: data.body, tag: `lc-${data.id}`, data: { chatId: data.chatId }, icon: '/favicon.svg' });
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const chatId = event.notification.data && event.notification.data.chatId;
  const url = chatId ? `/?chat=${chatId}` : '/';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) return open.focus().then((w) => w && w.navigate(url));
      return self.clients.openWindow(url);
    }),
  );
});
