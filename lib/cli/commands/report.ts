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

/** `livechat report`: the chat history of a period as CSV or Excel, or its report figures as a PDF, for scripts. */
export function register(program: Command): void {
  program
    .command('report')
    .description('write the chats of a period to a CSV or Excel file (one row per conversation), or its report figures and charts to a PDF')
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD in jobs.timezone (or an ISO date and time)')
    .requiredOption('--to <day>', 'last day, included, YYYY-MM-DD in jobs.timezone (or an ISO date and time, excluded)')
    .option('--website <id>', 'only these websites (ids; repeat or comma-separate)', collect)
    .option('--format <format>', 'csv, xlsx or pdf (the Analytics figures and charts)', 'csv')
    .option('--messages', "add each chat's messages, one row each, after the chat")
    .requiredOption('-o, --out <file>', 'where to write it (written whole or not at all)')
    .addHelpText('after', '\nProgress goes to stderr; --json prints {file, chats, bytes} on stdout.')
    .action(async (flags: ReportFlags, cmd: Command) => {
      const { contextFor, withDatabase, UserError } = await import('../context.js');
      const { writeReport, reportPeriod } = await import('../report/writeReport.js');
      const ctx = contextFor(cmd);
      if (flags.format !== 'csv' && flags.format !== 'xlsx' && flags.format !== 'pdf') throw new UserError(`--format must be csv, xlsx or pdf, not "${flags.format}".`);
      const format = flags.format;
      const period = reportPeriod(flags.from, flags.to, ctx.config.jobs.timezone);
      if ('problem' in period) throw new UserError(period.problem);
      if (format === 'pdf') {
        const { reportQuery } = await import('../../domain/reports/reportFigures.js');
        const parsed = reportQuery.safeParse({ from: flags.from, to: flags.to });
        if (!parsed.success) throw new UserError(`With --format pdf, ${parsed.error.issues.map((i) => `--${String(i.path[0])} ${i.message}`).join('; ')} (days in jobs.timezone, as on the Analytics page).`);
      }
      if (format === 'pdf' && flags.messages) throw new UserError('--messages goes with csv or xlsx: a PDF report holds figures and charts, not messages.');
      const websites = (flags.website ?? []).map(Number);
      if (websites.some((w) => !Number.isInteger(w) || w < 1)) throw new UserError(`--website takes website ids (numbers; \`livechat client list\` shows them), not "${flags.website!.join(',')}".`);
      const result = await withDatabase(ctx, async (db) => {
        const found = websites.length ? await db.models.Client.findAll({ where: { id: websites }, attributes: ['id'] }) : [];
        const unknown = websites.filter((w) => !found.some((c) => c.id === w));
        if (unknown.length) throw new UserError(`No website with id ${unknown.join(', ')}: \`livechat client list\` shows them.`);
        if (format === 'pdf') {
          const { writeReportPdf } = await import('../report/writeReportPdf.js');
          ctx.out.progress('report: computing the figures...');
          return writeReportPdf(db, { from: flags.from, to: flags.to, websites, timeZone: ctx.config.jobs.timezone, out: flags.out, now: new Date() });
        }
        return writeReport(db, { ...period, websites, format, withMessages: Boolean(flags.messages), out: flags.out, onProgress: (line) => ctx.out.progress(line) });
      });
      ctx.out.result(result, () => ctx.out.line(`Report written: ${result.file} (${result.chats.toLocaleString('en-US')} chats)`));
    });
}
