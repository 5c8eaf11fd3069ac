import type { Output } from '../output.js';
import type { ChecksReport, CheckStatus } from './types.js';

const LABEL: Record<CheckStatus, string> = { pass: 'ok', warn: 'WARN', fail: 'FAIL', skip: 'skip' };

function summaryLine(report: ChecksReport): string {
  const { pass, warn, fail, skip } = report.summary;
  return `${pass} passed, ${warn} warning(s), ${fail} failed, ${skip} skipped`;
}

/** The failed checks in one sentence, for the error `livechat start` prints when it refuses to start. */
export function describeFailures(report: ChecksReport): string {
  return report.checks
    .filter((c) => c.status === 'fail')
    .map((c) => `${c.title}: ${c.message}${c.fix ? ` (fix: ${c.fix})` : ''}`)
    .join('; ');
}

/** The report as a table (status, check, message, fix) and a summary line; as JSON with --json. */
export function printReport(out: Output, report: ChecksReport): void {
  out.result(report, () => {
    out.table(
      report.checks.map((c) => ({ status: LABEL[c.status], check: c.title, message: c.message, fix: c.fix ?? '' })),
      ['status', 'check', 'message', 'fix'],
    );
    out.line();
    out.line(summaryLine(report));
  });
}
