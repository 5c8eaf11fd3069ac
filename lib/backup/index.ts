/** What other parts of livechat (the CLI, scheduled backups) use of backup and restore. */
export { createBackup, defaultBackupFile, type BackupOptions, type BackupResult } from './createBackup.js';
export { restoreBackup, type RestoreOptions, type RestoreResult } from './restoreBackup.js';
export { createEncryptStream, createDecryptStream, encryptFile, decryptFile, backupKeyFromConfig, isEncryptedBackup } from './encryption.js';
export { BackupError } from './errors.js';
export { formatBytes } from './progress.js';
