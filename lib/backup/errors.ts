import { AppError } from '../errors.js';

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
