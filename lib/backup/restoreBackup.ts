import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Database } from '../db/index.js';
import { dataPaths } from '../paths.js';
import { stageBackup } from './stageBackup.js';
import { planSchemaAlignment, alignSchema } from './schemaAlignment.js';
import { hasData, emptyTables, insertTables } from './restoreDatabase.js';
import { continueAutoIncrement } from './continueAutoIncrement.js';
import { restoreFiles, reportEvery } from './restoreFiles.js';
import { BackupError } from './errors.js';
import { countOf, noProgress, type ProgressReporter } from './progress.js';

export interface RestoreOptions {
  /** Replace the data this install already has (otherwise a restore into an install with data is refused). */
  force: boolean;
  onProgress?: ProgressReporter;
}

export interface RestoreResult {
  file: string;
  /** Where and when the backup was made. */
  source: { dialect: string; createdAt: string; appVersion: string };
  tables: Record<string, number>;
  files: number;
  /** Migrations of this version run over the restored rows (the backup was older). */
  migrationsApplied: string[];
}

/**
 * Restores a backup into this install. Order matters: first everything that can be wrong with the
 * file is checked in a staging folder (nothing changed yet); then the refusal for an install with
 * data; then the schema is brought to the backup's migrations; then all rows go in one
 * transaction; then later migrations, id counters and files.
 */
export async function restoreBackup(db: Database, config: Config, file: string, options: RestoreOptions): Promise<RestoreResult> {
  const onProgress = options.onProgress ?? noProgress;
  const paths = dataPaths(config.dataDir);
  fs.mkdirSync(paths.backups, { recursive: true, mode: 0o700 });
  // Inside the data folder: on the same disk as storage/, so restoring files is a rename.
  const workDir = fs.mkdtempSync(path.join(paths.backups, '.restore-'));
  try {
    const staged = await stageBackup(path.resolve(file), workDir, { backupKey: config.secrets.backupKey, configFile: paths.configFile }, onProgress);
    const { manifest } = staged;
    const plan = planSchemaAlignment(manifest.migrations, (await db.migrator.status()).executed);

    const occupied = await hasData(db);
    if (occupied && !options.force) {
      throw new BackupError(
        `This install already has data (websites or accounts), so the restore was refused and nothing changed. Restore into a fresh data folder, or add --force to delete this install's data and replace it with the backup (a fresh \`livechat install\` has its admin account: --force replaces it with the backup's accounts).`,
      );
    }
    onProgress(`Restoring a ${manifest.dialect} backup made ${manifest.createdAt} by livechat ${manifest.appVersion}`);
    // Reverting migrations drops their tables and columns: only ever done on an empty install.
    if (plan.downSteps > 0) await db.sequelize.transaction((transaction) => emptyTables(db, transaction));
    await alignSchema(db, plan, onProgress);

    const totalSteps = Object.keys(manifest.tables).length + (staged.storageDir ? 1 : 0);
    let tables: Record<string, number>;
    try {
      tables = await db.sequelize.transaction(async (transaction) => {
        // Also when not forced: an install without clients or users may still hold audit entries.
        await emptyTables(db, transaction);
        return insertTables(db, manifest.tables, staged.tableFile, transaction, { onProgress, totalSteps });
      });
    } catch (err) {
      // The rows were rolled back; do not leave the install reverted to the backup's older schema.
      if (plan.downSteps > 0) await db.migrator.up();
      throw err;
    }
    const migrationsApplied = await db.migrator.up();
    if (migrationsApplied.length) onProgress(`Applied ${migrationsApplied.length} later migration(s) to the restored data`);
    await continueAutoIncrement(db, Object.keys(tables));

    let files = 0;
    if (staged.storageDir) {
      const label = `[${totalSteps}/${totalSteps}] files`;
      files = await restoreFiles(staged.storageDir, paths.storage, reportEvery(label, onProgress));
      onProgress(`${label}: ${countOf(files, 'file')}`);
    }
    return {
      file: path.resolve(file),
      source: { dialect: manifest.dialect, createdAt: manifest.createdAt, appVersion: manifest.appVersion },
      tables,
      files,
      migrationsApplied,
    };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
