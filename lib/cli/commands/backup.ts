import type { Command } from 'commander';

interface BackupFlags {
  out?: string;
  /** false with --no-files */
  files: boolean;
  encrypt?: boolean;
}

/** `livechat backup`: one archive of the database (a consistent snapshot) and the uploaded files. */
export function register(program: Command): void {
  program
    .command('backup')
    .description('write one archive of the database and uploaded files (read back with `livechat restore`)')
    .option('-o, --out <file>', 'where to write it (default: <data dir>/backups/livechat-<dialect>-<UTC time>.tar.gz)')
    .option('--no-files', 'leave out the uploaded files: the database only')
    .option('--encrypt', 'encrypt with AES-256-GCM using secrets.backupKey (the file gets .enc)')
    .addHelpText('after', '\nProgress goes to stderr; --json prints {file, bytes, tables, files} on stdout.')
    .action(async (flags: BackupFlags, cmd: Command) => {
      const { contextFor, withDatabase, UserError } = await import('../context.js');
      const { createBackup, BackupError, formatBytes } = await import('../../backup/index.js');
      const ctx = contextFor(cmd);
      // Backing up before `migrate up` is the point of a backup, so pending migrations are fine here.
      const result = await withDatabase(
        ctx,
        (db) => createBackup(db, ctx.config, { out: flags.out, includeFiles: flags.files, encrypt: Boolean(flags.encrypt), onProgress: (line) => ctx.out.progress(line) }),
        { requireCurrent: false },
      ).catch((err: unknown) => {
        throw err instanceof BackupError ? new UserError(err.message) : err;
      });
      ctx.out.result(result, () => ctx.out.line(`Backup written: ${result.file} (${formatBytes(result.bytes)})`));
    });
}
