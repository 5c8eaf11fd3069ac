import crypto from 'node:crypto';
import webpush from 'web-push';

type Layer = Record<string, any>;

/**
 * Secrets an install needs: session and visitor-token keys, the backup encryption key, and the
 * VAPID key pair for web push. Existing ones are kept, so re-running install never logs anyone
 * out or makes old backups unreadable.
 */
export function ensureSecrets(existing: Layer): { secrets: Layer; vapid: Layer; created: string[] } {
  const created: string[] = [];
  const secrets: Layer = { ...(existing.secrets ?? {}) };
  const fill = (key: string, make: () => string) => {
    if (!secrets[key]) {
      secrets[key] = make();
      created.push(`secrets.${key}`);
    }
  };
  fill('session', () => crypto.randomBytes(32).toString('hex'));
  fill('visitorToken', () => crypto.randomBytes(32).toString('hex'));
  fill('backupKey', () => crypto.randomBytes(32).toString('hex'));
  const vapid: Layer = { ...(existing.vapid ?? {}) };
  if (!vapid.publicKey || !vapid.privateKey) {
    const keys = webpush.generateVAPIDKeys();
    vapid.publicKey = keys.publicKey;
    vapid.privateKey = keys.privateKey;
    created.push('vapid keys');
  }
  return { secrets, vapid, created };
}
