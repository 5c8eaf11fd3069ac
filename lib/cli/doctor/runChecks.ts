import type { Config } from '../../config/schema.js';
import type { Database } from '../../db/index.js';
import { checks as allChecks } from './checks/index.js';
import { reachDatabase } from './reachDatabase.js';
import type { Check, CheckCategory, CheckContext, CheckOutcome, ChecksReport, CheckStatus } from './types.js';

interface RunChecksOptions {
  /** The loaded configuration, or null when it did not load (then give configProblems). */
  config: Config | null;
  dataDir: string;
  /** Why the configuration did not load (ConfigError.problems). */
  configProblems?: string[];
  /** Ids of checks to leave out, for example 'migrations' when `start --migrate` applies them itself. */
  skip?: string[];
  /** Called before each check runs, to show progress. */
  onCheck?: (check: Check) => void;
  /** The checks to choose from (tests give their own). */
  checks?: readonly Check[];
}

/**
 * Runs the checks of one category in order and returns every outcome; never throws for what it
 * finds. A check that crashes is reported as failed, so one bug cannot hide the other answers.
 */
export async function runChecks(category: CheckCategory, options: RunChecksOptions): Promise<ChecksReport> {
  const selected = (options.checks ?? allChecks).filter((c) => c.categories.includes(category) && !options.skip?.includes(c.id));
  let opened: Promise<Database> | null = null;
  const ctx: CheckContext = {
    category,
    dataDir: options.dataDir,
    config: options.config,
    configProblems: options.configProblems ?? [],
    database: () => {
      if (!options.config) return Promise.reject(new Error('the configuration is not valid'));
      opened ??= reachDatabase(options.config);
      return opened;
    },
  };
  const outcomes: CheckOutcome[] = [];
  try {
    for (const check of selected) {
      options.onCheck?.(check);
      outcomes.push({ id: check.id, title: check.title, ...(await runOne(check, ctx)) });
    }
  } finally {
    if (opened) await (opened as Promise<Database>).then((db) => db.close()).catch(() => {});
  }
  const summary: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const o of outcomes) summary[o.status]++;
  return { category, ok: summary.fail === 0, summary, checks: outcomes };
}

async function runOne(check: Check, ctx: CheckContext) {
  try {
    return await check.run(ctx);
  } catch (err) {
    return { status: 'fail' as const, message: `the check could not run: ${(err as Error).message}` };
  }
}
