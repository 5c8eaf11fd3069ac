import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import type { Config, ConfigLayer } from '../config/schema.js';
import { openDatabase, PendingMigrationsError, type Database } from '../db/index.js';
import { createOutput, type Output } from './output.js';
import { createLogger, type Logger } from '../logger.js';

export class UserError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'UserError';
  }
}

interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
}

export interface CliContext {
  config: Config;
  out: Output;
  logger: Logger;
}

/** Options every command shares, read the same way (flags win over LIVECHAT_* and the config file). */
export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export function outputFor(cmd: Command): Output {
  return createOutput(Boolean(globalOptions(cmd).json));
}

export function contextFor(cmd: Command, flags: ConfigLayer = {}): CliContext {
  const g = globalOptions(cmd);
  const config = loadConfig({ flags: { ...flags, dataDir: g.dataDir } });
  return { config, out: createOutput(Boolean(g.json)), logger: createLogger(config.log.level === 'info' ? 'warn' : config.log.level, { component: 'cli' }, { format: config.log.format }) };
}

/**
 * Opens the database for one command and closes it afterwards. Refuses to work on a schema with
 * pending migrations (the command would read or write tables that are not there yet).
 */
export async function withDatabase<T>(ctx: CliContext, fn: (db: Database) => Promise<T>, options: { requireCurrent?: boolean } = {}): Promise<T> {
  const db = openDatabase(ctx.config);
  try {
    try {
      await db.sequelize.authenticate();
    } catch (err) {
      throw new UserError(`Cannot reach the ${ctx.config.database.dialect} database: ${(err as Error).message}. Check the database settings in ${ctx.config.dataDir}/livechat.json, or run \`livechat doctor\`.`);
    }
    if (options.requireCurrent !== false) {
      const { pending } = await db.migrator.status();
      if (pending.length > 0) throw new PendingMigrationsError(pending);
    }
    return await fn(db);
  } finally {
    await db.close();
  }
}
