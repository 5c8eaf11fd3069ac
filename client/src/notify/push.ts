import { del, get, post } from '../api/http';

/** base64url -> bytes, for PushManager.subscribe's applicationServerKey. */
function keyBytes(base64url: string) {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/**
 * Web Push: the service worker (public/sw.js) shows notifications while the dashboard is closed.
 * The subscription is stored per agent on the server, which sends with the install's VAPID keys.
 */
export async function enablePush(): Promise<'subscribed' | 'unsupported' | 'denied' | 'no-key'> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) return 'unsupported';
  const { publicKey } = await get<{ publicKey: string | null }>('/api/push/key');
  if (!publicKey) return 'no-key';
  const registration = await navigator.serviceWorker.register('/sw.js');
  if (typeof Notification !== 'undefined' && Notification.permission !== 'granted') return 'denied';
  const existing = await registration.pushManager.getSubscription();
  const subscription = existing ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  await post('/api/push/subscriptions', subscription.toJSON());
  return 'subscribed';
}

export async function disablePush() {
  const registration = await navigator.serviceWorker?.getRegistration('/sw.js');
  const subscription = await registration?.pushManager.getSubscription();
  if (!subscription) return;
  await del(`/api/push/subscriptions?endpoint=${encodeURIComponent(subscription.endpoint)}`).catch(() => {});
  await subscription.unsubscribe();
}
