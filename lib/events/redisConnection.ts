import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { redactUrl } from '../redactUrl.js';

/**
 * An ioredis client without an 'error' listener prints "[ioredis] Unhandled error event" and a stack
 * on stderr at every reconnect attempt. This one logs once when the link is lost and once when it
 * is back: one line per change of state, never one per attempt.
 */
export function logRedisOutages(client: Redis, logger: Logger, role: string): void {
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.error({ err: err.message, redis: role }, 'Redis is unreachable: retrying in the background');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.warn({ redis: role }, 'Redis is reachable again');
  });
}

/**
 * Start waits this long for Redis and then refuses with the reason, rather than serving a node
 * that hears no other node (or, before, hanging with no server and a stack trace on stderr).
 */
export async function waitForRedis(client: Redis, url: string, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return;
  let lastError: Error | null = null;
  const onError = (err: Error) => (lastError = err);
  client.on('error', onError);
  let timer: NodeJS.Timeout | undefined;
  let onReady: (() => void) | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      onReady = resolve;
      client.once('ready', onReady);
      timer = setTimeout(reject, timeoutMs);
    });
  } catch {
    const reason = (lastError as Error | null)?.message ?? 'no answer';
    throw new AppError(
      'redis_unreachable',
      `Redis at ${redactUrl(url)} did not answer within ${timeoutMs / 1000} s (${reason}). Start Redis (systemctl start redis-server), or fix redis.url (LIVECHAT_REDIS_URL), then start livechat again.`,
      503,
    );
  } finally {
    clearTimeout(timer);
    if (onReady) client.off('ready', onReady);
    client.off('error', onError);
  }
}
