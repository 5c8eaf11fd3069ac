import type { Command } from 'commander';
import { contextFor, UserError, withDatabase, type CliContext } from '../context.js';

function parseStep(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--step must be a whole number of 1 or more, not "${raw}".`);
  return n;
}

async function showStatus(ctx: CliContext): Promise<void> {
  const { executed, pending } = await withDatabase(ctx, (db) => db.migrator.status(), { requireCurrent: false });
  ctx.out.result({ executed, pending, current: pending.length === 0 }, () => {
    ctx.out.table([...executed.map((name) => ({ migration: name, state: 'applied' })), ...pending.map((name) => ({ migration: name, state: 'pending' }))], ['migration', 'state']);
    ctx.out.line();
    ctx.out.line(pending.length === 0 ? `The database schema is current (${executed.length} migrations applied).` : `${pending.length} migration(s) pending: run \`livechat migrate up\`.`);
  });
}

async function applyPending(ctx: CliContext): Promise<void> {
  const { createMigrator, describeMigrationProgress } = await import('../../db/migrator.js');
  const applied = await withDatabase(
    ctx,
    (db) => createMigrator(db.sequelize, (p) => ctx.out.progress(describeMigrationProgress(p, 'applying'))).up(),
    { requireCurrent: false },
  );
  ctx.out.result({ applied }, () => ctx.out.line(applied.length === 0 ? 'Nothing to apply: the database schema is current.' : `Applied ${applied.length} migration(s).`));
}

async function revert(ctx: CliContext, options: { step?: number; all?: boolean }): Promise<void> {
  const { createMigrator, describeMigrationProgress } = await import('../../db/migrator.js');
  const reverted = await withDatabase(
    ctx,
    (db) => createMigrator(db.sequelize, (p) => ctx.out.progress(describeMigrationProgress(p, 'reverting'))).down(options),
    { requireCurrent: false },
  );
  ctx.out.result({ reverted }, () => {
    if (reverted.length === 0) return ctx.out.line('Nothing to revert: no migration is applied.');
    ctx.out.line(`Reverted ${reverted.length} migration(s). The server will not start until \`livechat migrate up\` is run again.`);
  });
}

/** `livechat migrate [status|up|down]`: the database schema, on any schema version (even one behind). */
export function register(program: Command): void {
  const migrate = program
    .command('migrate')
    .description('show, apply or revert database migrations (default: status)')
    // Commander calls this only when no subcommand matched: bare `migrate` means status.
    .argument('[action]', 'status, up or down')
    .action(async (action: string | undefined, _opts: unknown, cmd: Command) => {
      if (action !== undefined) throw new UserError(`Unknown migrate action "${action}": use status, up or down.`);
      await showStatus(contextFor(cmd));
    });

  migrate
    .command('status')
    .description('list applied and pending migrations')
    .action(async (_opts: unknown, cmd: Command) => showStatus(contextFor(cmd)));

  migrate
    .command('up')
    .description('apply every pending migration (take a backup first: livechat backup)')
    .action(async (_opts: unknown, cmd: Command) => applyPending(contextFor(cmd)));

  migrate
    .command('down')
    .description('revert the last migration; its tables and their data are dropped')
    .option('--step <n>', 'how many migrations to revert, newest first', parseStep)
    .option('--all', 'revert every migration (an empty database)')
    .action(async (opts: { step?: number; all?: boolean }, cmd: Command) => {
      if (opts.all && opts.step !== undefined) throw new UserError('Give either --step or --all, not both.');
      await revert(contextFor(cmd), opts);
    });
}
