import type { Command } from 'commander';

/** `livechat restore FILE`: puts a backup made by `livechat backup` into this install. */
export function register(program: Command): void {
  program
    .command('restore')
    .description('restore a backup made by `livechat backup` into this install (stop the server first)')
    .argument('<file>', 'the backup (.tar.gz, or .tar.gz.enc if made with --encrypt)')
    .option('--force', "delete this install's data first, then restore (otherwise an install with data is refused)")
    .addHelpText('after', '\nProgress goes to stderr; --json prints {file, source, tables, files, migrationsApplied} on stdout.')
    .action(async (file: string, flags: { force?: boolean }, cmd: Command) => {
      const { contextFor, withDatabase, UserError } = await import('../context.js');
      const { restoreBackup, BackupError } = await import('../../backup/index.js');
      const { readPidFile, isRunning } = await import('../pidFile.js');
      const ctx = contextFor(cmd);
      // A running server would keep serving (and writing) the data being replaced under it.
      const server = readPidFile(ctx.config.dataDir);
      if (server && isRunning(server)) {
        throw new UserError(`livechat is running from this data folder (pid ${server.pid}${server.url ? `, ${server.url}` : ''}). Stop it first (for example \`systemctl stop livechat\`), restore, then start it again.`);
      }
      // The restore migrates the schema itself (to the backup's migrations, then on to this version's).
      const result = await withDatabase(ctx, (db) => restoreBackup(db, ctx.config, file, { force: Boolean(flags.force), onProgress: (line) => ctx.out.progress(line) }), {
        requireCurrent: false,
      }).catch((err: unknown) => {
        throw err instanceof BackupError ? new UserError(err.message) : err;
      });
      const rows = Object.values(result.tables).reduce((sum, n) => sum + n, 0);
      ctx.out.result(result, () =>
        ctx.out.line(`Restored ${result.file}: ${rows.toLocaleString('en-US')} rows in ${Object.keys(result.tables).length} tables, ${result.files.toLocaleString('en-US')} files.`),
      );
    });
}
