import { testEnv, requireMysqlInCi } from './env.js';
import { createMysqlDatabase } from './mysql.js';

export interface TestDatabase {
  dialect: 'sqlite' | 'mysql';
  /** The `database` config layer for this dialect (merged over the defaults by loadConfig). */
  layer: Record<string, unknown>;
  drop(): Promise<void>;
}

export type Dialect = 'sqlite' | 'mysql';

/** The dialects this run covers: SQLite always; MariaDB when one answers (LIVECHAT_TEST_MYSQL_URL, or root at 127.0.0.1:3306; required in CI). */
export function dialects(): Dialect[] {
  requireMysqlInCi();
  return testEnv.mysqlUrl ? ['sqlite', 'mysql'] : ['sqlite'];
}

/** A fresh, empty database of one dialect. */
export async function freshDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') return { dialect, layer: { dialect: 'sqlite', storage: 'livechat.sqlite' }, drop: async () => {} };
  const db = await createMysqlDatabase();
  return { dialect, layer: { dialect: 'mysql', url: db.url }, drop: db.drop };
}

/** Runs a describe block once per dialect, titled with the dialect. */
export function describeEachDialect(title: string, fn: (dialect: Dialect) => void): void {
  for (const dialect of dialects()) describe(`${title} [${dialect}]`, () => fn(dialect));
}
