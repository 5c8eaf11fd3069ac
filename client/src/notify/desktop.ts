/**
 * Desktop notifications (the Notification API) while the dashboard's tab is hidden. Permission is
 * asked once after sign-in; when it is denied, the in-app bell is the fallback.
 */
export function notificationsAllowed() {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

export async function askPermission() {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  await Notification.requestPermission().catch(() => 'denied');
}

export function showDesktop(title: string, body: string, tag: string, onClick?: () => void) {
  if (!document.hidden || !notificationsAllowed()) return;
  const n = new Notification(title, { body, tag, icon: '/favicon.svg' });
  n.onclick = () => {
    window.focus();
    onClick?.();
    n.close();
  };
}
