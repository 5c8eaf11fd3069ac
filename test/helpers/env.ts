import net from 'node:net';
import mysql from 'mysql2/promise';

/** Where a developer's MariaDB and Redis usually run: found there when the variables are not set. */
export const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/**
 * A probe of a local service gives up after this. A closed port answers at once, so the wait is
 * only spent on a service that is there but slow: on a loaded machine 1.5 s was too short, and a
 * MariaDB that answered was taken for missing (and CI=true then failed every MariaDB suite).
 */
const PROBE_TIMEOUT_MS = 10_000;

/** Whether a MariaDB answers at `url` and lets its account in. */
async function mysqlAnswers(url: string): Promise<boolean> {
  const u = new URL(url);
  try {
    const conn = await mysql.createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), connectTimeout: PROBE_TIMEOUT_MS });
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

/** Whether a Redis answers PING at `url` (no client library: a refused port must not leave one reconnecting). */
function redisAnswers(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(String(d).startsWith('+PONG')));
  });
}

/**
 * The URL a suite uses: the variable when set (set but empty: none, the suites are skipped), else
 * the default address when a service answers there, else none.
 */
async function serviceUrl(variable: string | undefined, fallback: string, answers: (url: string) => Promise<boolean>): Promise<string | null> {
  if (variable !== undefined) return variable || null;
  return (await answers(fallback)) ? fallback : null;
}

const ci = process.env.CI === 'true' || process.env.CI === '1';
const [mysqlUrl, redisUrl] = await Promise.all([
  serviceUrl(process.env.LIVECHAT_TEST_MYSQL_URL, DEFAULT_MYSQL_URL, mysqlAnswers),
  serviceUrl(process.env.LIVECHAT_TEST_REDIS_URL, DEFAULT_REDIS_URL, redisAnswers),
]);

/**
 * What the test run has: the MariaDB and Redis to test against (LIVECHAT_TEST_MYSQL_URL and
 * LIVECHAT_TEST_REDIS_URL, or the local ones on their default addresses when they answer), and
 * whether they are required (CI=true: a missing one fails instead of skipping).
 */
export const testEnv = { mysqlUrl, redisUrl, ci };

const missing = (what: string, variable: string, fallback: string) =>
  `CI=true but no ${what} answered: the ${what} suites are required in CI. Run one at ${fallback.replace(/^\w+:\/\//, '')} or set ${variable}.`;
export const MISSING_MYSQL_IN_CI = missing('MariaDB', 'LIVECHAT_TEST_MYSQL_URL', DEFAULT_MYSQL_URL);
export const MISSING_REDIS_IN_CI = missing('Redis', 'LIVECHAT_TEST_REDIS_URL', DEFAULT_REDIS_URL);

/** In CI the MariaDB suite must run: a missing MariaDB fails loudly instead of skipping quietly. */
export function requireMysqlInCi(): void {
  if (testEnv.ci && !testEnv.mysqlUrl) throw new Error(MISSING_MYSQL_IN_CI);
}

/** In CI the Redis suites must run. */
export function requireRedisInCi(): void {
  if (testEnv.ci && !testEnv.redisUrl) throw new Error(MISSING_REDIS_IN_CI);
}

/** The Redis URL for a Redis suite: required in CI (a missing one fails), otherwise the suite is skipped with a hint. */
export function redisUrlOrSkip(ctx: Mocha.Context): string {
  requireRedisInCi();
  if (!testEnv.redisUrl) {
    console.log(`    (skipped: no Redis at ${DEFAULT_REDIS_URL}; start one or set LIVECHAT_TEST_REDIS_URL)`);
    ctx.skip();
  }
  return testEnv.redisUrl!;
}

/** Deletes a test's own Redis keys (they share one prefix) and disconnects. */
export async function dropRedisKeys(redis: { keys(p: string): Promise<string[]>; del(...k: string[]): Promise<number>; disconnect(): void } | undefined, prefix: string) {
  if (!redis) return;
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}
