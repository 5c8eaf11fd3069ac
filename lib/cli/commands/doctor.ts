import { Option, type Command } from 'commander';
import { globalOptions, outputFor, UserError } from '../context.js';

/** `livechat doctor`: checks the machine, the configuration and the services livechat depends on. */
export function register(program: Command): void {
  program
    .command('doctor')
    .description('check the installation: Node, configuration, data folder, disk, database, migrations, Redis, SMTP, port')
    .addOption(new Option('--category <name>', 'which set of checks to run').choices(['doctor', 'start', 'install']).default('doctor'))
    .action(async (opts: { category: 'doctor' | 'start' | 'install' }, cmd: Command) => {
      const { loadConfig, resolveDataDir, ConfigError } = await import('../../config/load.js');
      const { runChecks } = await import('../doctor/runChecks.js');
      const { printReport } = await import('../doctor/report.js');
      const out = outputFor(cmd);
      const flags = { dataDir: globalOptions(cmd).dataDir };
      const dataDir = resolveDataDir({ flags });
      // An invalid configuration is a finding to report, not a reason to stop diagnosing.
      let config = null;
      let configProblems: string[] = [];
      try {
        config = loadConfig({ flags });
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        configProblems = err.problems;
      }
      const report = await runChecks(opts.category, { config, dataDir, configProblems });
      printReport(out, report);
      // Exit 1 so scripts and monitoring can act on it; the table above already says what and how to fix.
      const failed = report.checks.filter((c) => c.status === 'fail').map((c) => c.title);
      if (failed.length > 0) throw new UserError(`${failed.length} check(s) failed: ${failed.join(', ')}`);
    });
}
