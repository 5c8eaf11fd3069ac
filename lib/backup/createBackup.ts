import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Database } from '../db/index.js';
import { dataPaths } from '../paths.js';
import { version } from '../version.js';
import { dumpDatabase } from './dumpDatabase.js';
import { buildManifest } from './manifest.js';
import { writeArchive, describeFiles } from './archive.js';
import { backupKeyFromConfig, createEncryptStream } from './encryption.js';
import { BackupError, explainBackupFailure } from './errors.js';
import { MANIFEST_ENTRY } from './format.js';
import { noProgress, type ProgressReporter } from './progress.js';

export interface BackupOptions {
  /** Where to write the archive; default: <dataDir>/backups/livechat-<dialect>-<UTC time>.tar.gz(.enc). */
  out?: string;
  includeFiles: boolean;
  encrypt: boolean;
  onProgress?: ProgressReporter;
  /** Called between tables while the snapshot is open (tests use it to write concurrently). */
  onTableDumped?: (table: string) => Promise<void>;
}

export interface BackupResult {
  file: string;
  bytes: number;
  tables: Record<string, number>;
  files: number;
}

/** 2026-11-25T02:05:16.782Z -> 20261125T020516Z: sortable, and safe in any file system. */
const fileTimestamp = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

export function defaultBackupFile(config: Config, dialect: string, encrypted: boolean, at = new Date()): string {
  return path.join(dataPaths(config.dataDir).backups, `livechat-${dialect}-${fileTimestamp(at)}.tar.gz${encrypted ? '.enc' : ''}`);
}

/**
 * Writes one archive of the database (a consistent snapshot) and, unless told not to, the
 * uploaded files. Work happens in a staging folder beside the target and a ".partial" file that
 * is renamed at the end, so a failed or interrupted backup never leaves a file that looks complete.
 */
export async function createBackup(db: Database, config: Config, options: BackupOptions): Promise<BackupResult> {
  const onProgress = options.onProgress ?? noProgress;
  const paths = dataPaths(config.dataDir);
  // Checked before any work: a missing key should not cost a full dump to find out.
  const key = options.encrypt ? backupKeyFromConfig(config.secrets.backupKey, paths.configFile) : null;
  const startedAt = new Date();
  const target = path.resolve(options.out ?? defaultBackupFile(config, db.dialect, Boolean(key), startedAt));
  if (options.includeFiles && path.resolve(target).startsWith(path.resolve(paths.storage) + path.sep)) {
    throw new BackupError(`Write the backup outside ${paths.storage}: it would end up inside its own archive.`);
  }
  if (fs.existsSync(target)) throw new BackupError(`${target} already exists. Choose another --out, or move that file away first.`);
  const partial = `${target}.partial`;
  let staging: string;
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    staging = fs.mkdtempSync(path.join(path.dirname(target), '.livechat-backup-'));
  } catch (err) {
    throw explainBackupFailure(err, path.dirname(target));
  }
  try {
    const dump = await dumpDatabase(db, staging, { onProgress, onTableDumped: options.onTableDumped, extraSteps: options.includeFiles ? 1 : 0 });
    const manifest = buildManifest({
      createdAt: startedAt.toISOString(),
      appVersion: version,
      dialect: db.dialect,
      migrations: dump.migrations,
      tables: dump.tables,
      files: options.includeFiles,
    });
    fs.writeFileSync(path.join(staging, MANIFEST_ENTRY), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });

    const filesLabel = `[${Object.keys(dump.tables).length + 1}/${Object.keys(dump.tables).length + 1}] files`;
    fs.rmSync(partial, { force: true });
    const archived = await writeArchive({
      stagingDir: staging,
      storageDir: options.includeFiles ? paths.storage : null,
      target: partial,
      encrypt: key ? createEncryptStream(key) : null,
      onFiles: (count, bytes) => onProgress(`${filesLabel}: ${describeFiles(count, bytes)} so far`),
    });
    if (options.includeFiles) onProgress(`${filesLabel}: ${describeFiles(archived.files, archived.fileBytes)}`);
    fs.renameSync(partial, target);
    return {
      file: target,
      bytes: fs.statSync(target).size,
      tables: Object.fromEntries(Object.entries(dump.tables).map(([table, t]) => [table, t.rows])),
      files: archived.files,
    };
  } catch (err) {
    throw explainBackupFailure(err, path.dirname(target));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(partial, { force: true });
  }
}
