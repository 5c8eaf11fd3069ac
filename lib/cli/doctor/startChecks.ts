import type { Config } from '../../config/schema.js';
import { UserError } from '../context.js';
import type { Output } from '../output.js';
import { describeFailures } from './report.js';
import { runChecks } from './runChecks.js';
import type { ChecksReport } from './types.js';

/**
 * The checks `livechat start` runs before it starts anything. Warnings are printed and do not stop
 * it; a failure refuses to start with every failed check and its fix. With `migrate`, pending
 * migrations are left to the server, which applies them.
 */
export async function runStartChecks(config: Config, dataDir: string, out: Output, options: { migrate?: boolean } = {}): Promise<ChecksReport> {
  const report = await runChecks('start', { config, dataDir, skip: options.migrate ? ['migrations'] : [] });
  for (const c of report.checks) {
    if (c.status === 'warn') out.warn(`${c.title}: ${c.message}${c.fix ? ` (fix: ${c.fix})` : ''}`);
  }
  if (!report.ok) throw new UserError(`livechat will not start: ${describeFailures(report)}. Run \`livechat doctor\` for the full report.`);
  return report;
}
