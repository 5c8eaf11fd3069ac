import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/** sysexits' EX_TEMPFAIL: the run is going on elsewhere; try again later. */
const EXIT_BUSY = 75;

function parseAt(raw: string): Date {
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) throw new Error(`--at must be a date and time such as 2026-11-25T00:30:00Z, not "${raw}".`);
  return at;
}

async function listJobs(ctx: CliContext): Promise<void> {
  const { openDatabase } = await import('../../db/index.js');
  const { jobs } = await import('../../jobs/index.js');
  const { scheduleOf } = await import('../../jobs/registry.js');
  const { createInProcessBus } = await import('../../events/inProcessBus.js');
  const { createMailer } = await import('../../mail/mailer.js');
  // Listing reads no data: the database handle is never connected.
  const db = openDatabase(ctx.config);
  try {
    const deps = { config: ctx.config, db, logger: ctx.logger, bus: createInProcessBus(), mail: createMailer({ config: ctx.config, db, logger: ctx.logger, transport: null }), redis: null };
    const rows = jobs(deps).map((job) => ({
      name: job.name,
      schedule: scheduleOf(job, ctx.config.jobs.schedules),
      runs: (job.scope ?? 'cluster') === 'cluster' ? 'on one node' : 'on every node',
      description: job.description ?? '',
    }));
    ctx.out.result({ timezone: ctx.config.jobs.timezone, enabled: ctx.config.jobs.enabled, jobs: rows }, () => {
      ctx.out.table(rows, ['name', 'schedule', 'runs', 'description']);
      ctx.out.line();
      ctx.out.line(`Schedules are in ${ctx.config.jobs.timezone} (jobs.timezone)${ctx.config.jobs.enabled ? '' : '; jobs.enabled is false, so `livechat start` runs none of them'}. Run one now with \`livechat jobs run <name>\`.`);
    });
  } finally {
    await db.close();
  }
}

async function runOne(ctx: CliContext, name: string, at: Date | undefined): Promise<void> {
  const { withDatabase, UserError } = await import('../context.js');
  const { openJobRuntime } = await import('../../jobs/runtime.js');
  const { runJob } = await import('../../jobs/runJob.js');
  const { outcome, unsent } = await withDatabase(ctx, async (db) => {
    const runtime = await openJobRuntime(ctx.config, db, ctx.logger);
    const job = runtime.jobs.find((j) => j.name === name);
    if (!job) {
      await runtime.close(0);
      throw new UserError(`There is no job "${name}". The jobs are: ${runtime.jobs.map((j) => j.name).join(', ')}.`);
    }
    ctx.out.progress(`Running ${name}${at ? ` as of ${at.toISOString()}` : ''}...`);
    // runJob reports a failure instead of throwing, so the runtime always closes (and sends its mail).
    const outcome = await runJob(job, { leases: runtime.leases, logger: ctx.logger, trigger: 'manual', now: at });
    return { outcome, unsent: await runtime.close() };
  });
  if (unsent > 0) ctx.out.warn(`${unsent} e-mail(s) could not be sent yet and were dropped; see the log above.`);
  ctx.out.result(outcome, () => {
    if (outcome.status === 'done') ctx.out.line(`${name}: ${outcome.summary} (${(outcome.ms / 1000).toFixed(1)} s)`);
    if (outcome.status === 'skipped')
      ctx.out.line(`${name} is already running${outcome.heldBy ? ` on ${outcome.heldBy.owner} (lock until ${outcome.heldBy.lockedUntil.toISOString()})` : ' on another node'}: not run again.`);
  });
  if (outcome.status === 'failed') throw new UserError(`${name} failed: ${outcome.error}`);
  if (outcome.status === 'skipped') process.exitCode = EXIT_BUSY;
}

/** `livechat jobs list` and `livechat jobs run <name>`: the scheduled jobs, by hand. */
export function register(program: Command): void {
  const jobs = program.command('jobs').description('list the scheduled jobs, or run one now');

  jobs
    .command('list')
    .description('the jobs `livechat start` runs, with their schedules')
    .action(async (_opts: unknown, cmd: Command) => {
      const { contextFor } = await import('../context.js');
      await listJobs(contextFor(cmd));
    });

  jobs
    .command('run')
    .description('run one job now, under the same cluster lock as the scheduled runs')
    .argument('<name>', 'the job (see `livechat jobs list`)')
    .option('--at <time>', 'run as of this time (ISO 8601), e.g. to recompute the analytics of a past day')
    .addHelpText('after', `\nExit status: 0 done, 1 failed, ${EXIT_BUSY} when the job is running elsewhere (not run twice). --json prints the outcome.`)
    .action(async (name: string, flags: { at?: string }, cmd: Command) => {
      const { contextFor, UserError } = await import('../context.js');
      let at: Date | undefined;
      try {
        at = flags.at ? parseAt(flags.at) : undefined;
      } catch (err) {
        throw new UserError((err as Error).message);
      }
      await runOne(contextFor(cmd), name, at);
    });
}
