/** What the test run was given: the MariaDB and Redis to test against, and whether they are required. */
export const testEnv = {
  mysqlUrl: process.env.LIVECHAT_TEST_MYSQL_URL || null,
  redisUrl: process.env.LIVECHAT_TEST_REDIS_URL || null,
  ci: process.env.CI === 'true' || process.env.CI === '1',
};

/** In CI the MariaDB suite must run: a missing URL fails loudly instead of skipping quietly. */
export function requireMysqlInCi(): void {
  if (testEnv.ci && !testEnv.mysqlUrl) throw new Error('CI=true but LIVECHAT_TEST_MYSQL_URL is not set: the MariaDB suite is required in CI.');
}

/** The Redis URL for a Redis suite: required in CI (a missing URL fails), otherwise the suite is skipped with a hint. */
export function redisUrlOrSkip(ctx: Mocha.Context): string {
  if (testEnv.ci && !testEnv.redisUrl) throw new Error('CI=true but LIVECHAT_TEST_REDIS_URL is not set: the Redis suite is required in CI.');
  if (!testEnv.redisUrl) {
    console.log('    (skipped: set LIVECHAT_TEST_REDIS_URL=redis://127.0.0.1:6379 to test against Redis)');
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
