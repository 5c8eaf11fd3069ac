import { AppError } from '../errors.js';
import { isDiskFull } from '../diskFull.js';

/**
 * A backup or restore problem the operator can act on (wrong key, corrupt archive, data already
 * present). An AppError so any caller prints one line; the CLI turns it into a UserError (exit 1).
 */
export class BackupError extends AppError {
  constructor(message: string, details?: unknown) {
    super('backup_failed', message, 400, details);
    this.name = 'BackupError';
  }
}

/**
 * A backup that ran out of space says so in words an operator acts on, instead of a bare errno
 * (other errors pass through unchanged).
 */
export function explainBackupFailure(err: unknown, folder: string): unknown {
  if (!isDiskFull(err)) return err;
  return new BackupError(
    `No space left on the disk of ${folder}: the backup did not complete and nothing was written (its partial files were removed). Free some space there, or write the backup to another disk with --out (backups.dir for the scheduled ones), then run it again.`,
  );
}
