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
