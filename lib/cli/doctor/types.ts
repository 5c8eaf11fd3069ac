import type { Config } from '../../config/schema.js';
import type { Database } from '../../db/index.js';

/** When a check runs: `livechat doctor` runs the doctor set; `start` and `install` run theirs before acting. */
export type CheckCategory = 'doctor' | 'start' | 'install';
export const CHECK_CATEGORIES: readonly CheckCategory[] = ['doctor', 'start', 'install'];

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  status: CheckStatus;
  /** One line saying what was found. */
  message: string;
  /** What the sysadmin can do about a warn or fail, as a command or a setting when there is one. */
  fix?: string;
}

export interface CheckContext {
  category: CheckCategory;
  dataDir: string;
  /** Null when the configuration did not load; the config check reports why, the others skip. */
  config: Config | null;
  /** The problems that made the configuration invalid (empty when it loaded). */
  configProblems: string[];
  /**
   * The database, opened and reached once and shared by the checks that need it. Rejects with the
   * reason it cannot be reached, so dependent checks can skip instead of reporting the same failure twice.
   */
  database(): Promise<Database>;
}

/** One check as a data module: what it is called, when it runs, and how. */
export interface Check {
  id: string;
  title: string;
  categories: readonly CheckCategory[];
  run(ctx: CheckContext): Promise<CheckResult>;
}

export interface CheckOutcome extends CheckResult {
  id: string;
  title: string;
}

export interface ChecksReport {
  category: CheckCategory;
  /** False when any check failed (warnings and skips do not count). */
  ok: boolean;
  summary: Record<CheckStatus, number>;
  checks: CheckOutcome[];
}

/** The result every check that needs a loaded configuration gives when there is none. */
export const skipWithoutConfig: CheckResult = { status: 'skip', message: 'skipped: the configuration is not valid' };
