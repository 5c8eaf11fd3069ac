import type { Command } from 'commander';

interface ReportFlags {
  from: string;
  to: string;
  website?: string[];
  format: string;
  out: string;
  messages?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

/** `livechat report`: the chat history of a period as CSV or Excel, for scripts and spreadsheets. */
export function register(program: Command): void {
  program
    .command('report')
    .description('write the chats of a period to a CSV or Excel file, one row per conversation')
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD in jobs.timezone (or an ISO date and time)')
    .requiredOption('--to <day>', 'last day, included, YYYY-MM-DD in jobs.timezone (or an ISO date and time, excluded)')
    .option('--website <id>', 'only these websites (ids; repeat or comma-separate)', collect)
    .option('--format <format>', 'csv or xlsx', 'csv')
    .option('--messages', "add each chat's messages, one row each, after the chat")
    .requiredOption('-o, --out <file>', 'where to write it (written whole or not at all)')
    .addHelpText('after', '\nProgress goes to stderr; --json prints {file, chats, bytes} on stdout.')
    .action(async (flags: ReportFlags, cmd: Command) => {
      const { contextFor, withDatabase, UserError } = await import('../context.js');
      const { writeReport, reportPeriod } = await import('../report/writeReport.js');
      const ctx = contextFor(cmd);
      if (flags.format !== 'csv' && flags.format !== 'xlsx') throw new UserError(`--format must be csv or xlsx, not "${flags.format}".`);
      const format = flags.format;
      const period = reportPeriod(flags.from, flags.to, ctx.config.jobs.timezone);
      if ('problem' in period) throw new UserError(period.problem);
      const websites = (flags.website ?? []).map(Number);
      if (websites.some((w) => !Number.isInteger(w) || w < 1)) throw new UserError(`--website takes website ids (numbers; \`livechat client list\` shows them), not "${flags.website!.join(',')}".`);
      const result = await withDatabase(ctx, async (db) => {
        const found = websites.length ? await db.models.Client.findAll({ where: { id: websites }, attributes: ['id'] }) : [];
        const unknown = websites.filter((w) => !found.some((c) => c.id === w));
        if (unknown.length) throw new UserError(`No website with id ${unknown.join(', ')}: \`livechat client list\` shows them.`);
        return writeReport(db, { ...period, websites, format, withMessages: Boolean(flags.messages), out: flags.out, onProgress: (line) => ctx.out.progress(line) });
      });
      ctx.out.result(result, () => ctx.out.line(`Report written: ${result.file} (${result.chats.toLocaleString('en-US')} chats)`));
    });
}
