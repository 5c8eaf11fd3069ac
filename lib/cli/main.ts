import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load.js';
import { AppError } from '../errors.js';
import { PendingMigrationsError } from '../db/index.js';
import { UserError } from './context.js';
import { commands } from './commands/index.js';
import { version } from '../version.js';

function buildProgram(): Command {
  const program = new Command('livechat')
    .description('Self-hosted live chat: server, agent dashboard and website widget in one command.')
    .version(version, '-v, --version')
    .option('--data-dir <dir>', 'the data folder (config, SQLite database, files, backups); also LIVECHAT_DATA_DIR', undefined)
    .option('--json', 'print results as JSON for scripts')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/** Turns any error into one readable line and an exit code; a stack only for real bugs. */
function reportError(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode;
  if (err instanceof ConfigError || err instanceof UserError || err instanceof PendingMigrationsError) {
    console.error(`error: ${err.message}`);
    return err instanceof UserError ? err.exitCode : 2;
  }
  if (err instanceof AppError) {
    console.error(`error: ${err.message}`);
    const repeated = Array.isArray(err.details) && err.details.every((d) => typeof d === 'string' && err.message.includes(d));
    if (err.details && !repeated) console.error(formatDetails(err.details));
    return 1;
  }
  console.error('livechat hit an unexpected error. Please report it with the lines below.');
  console.error(err instanceof Error ? err.stack : err);
  return 70;
}

function formatDetails(details: unknown): string {
  if (Array.isArray(details)) return details.map((d) => `  - ${typeof d === 'string' ? d : JSON.stringify(d)}`).join('\n');
  return `  ${JSON.stringify(details)}`;
}

async function main() {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

await main();
