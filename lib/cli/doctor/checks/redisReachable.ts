import { redactUrl } from '../../../redactUrl.js';
import { skipWithoutConfig, type Check } from '../types.js';

/** A sysadmin waits for doctor; a Redis that has not answered in this long will not do for live chat. */
const TIMEOUT_MS = 3000;

export const redisReachable: Check = {
  id: 'redis',
  title: 'Redis reachable',
  categories: ['doctor', 'start'],
  async run(ctx) {
    if (!ctx.config) return skipWithoutConfig;
    const url = ctx.config.redis.url;
    if (!url) return { status: 'skip', message: 'not configured (redis.url): single node, in-process events' };
    const { Redis } = await import('ioredis');
    // One attempt, no reconnect loop and no offline queue: doctor wants an answer, not resilience.
    const client = new Redis(url, { lazyConnect: true, connectTimeout: TIMEOUT_MS, commandTimeout: TIMEOUT_MS, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    // connect() rejects with a vague "Connection is closed"; the 'error' event has the reason (ECONNREFUSED...).
    let lastError: Error | null = null;
    client.on('error', (err: Error) => (lastError = err));
    try {
      await client.connect();
      const reply = await client.ping();
      // INFO may be denied by an ACL; the version is a nicety, PONG is the answer.
      const info = await client.info('server').catch(() => '');
      const version = /redis_version:(\S+)/.exec(info)?.[1];
      return { status: 'pass', message: `${redactUrl(url)} answered ${reply}${version ? ` (Redis ${version})` : ''}` };
    } catch (err) {
      return {
        status: 'fail',
        message: `cannot reach ${redactUrl(url)}: ${(lastError ?? (err as Error)).message}`,
        fix: 'start Redis (systemctl start redis) or correct redis.url; remove redis.url to run a single node without Redis',
      };
    } finally {
      // A client that already gave up ('end') must not be disconnected again: that arms a 2 s timer
      // on a dead socket which keeps the process alive after doctor has answered.
      if (client.status !== 'end') await client.quit().catch(() => client.disconnect());
    }
  },
};
