import fs from 'node:fs';
import path from 'node:path';
import { extractArchive } from './archive.js';
import { backupKeyFromConfig, decryptFile, isEncryptedBackup } from './encryption.js';
import { BackupError } from './errors.js';
import { MANIFEST_ENTRY, STORAGE_FOLDER, tableEntry } from './format.js';
import { parseManifest, type Manifest } from './manifest.js';
import type { ProgressReporter } from './progress.js';

interface StagedBackup {
  manifest: Manifest;
  encrypted: boolean;
  /** The extracted db/<table>.ndjson of a table the manifest lists. */
  tableFile(table: string): string;
  /** The extracted storage/ tree, or null when the backup has no files. */
  storageDir: string | null;
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

function firstBytes(file: string, count: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(count);
    return buffer.subarray(0, fs.readSync(fd, buffer, 0, count, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Checks and unpacks a backup into `workDir` without touching the install: decrypts it whole
 * first (so nothing unauthenticated is ever parsed), extracts it safely, reads the manifest and
 * makes sure every table file it lists is there. Everything that can be wrong with the file is
 * found here, before restore changes anything.
 */
export async function stageBackup(file: string, workDir: string, keys: { backupKey: string | null; configFile: string }, onProgress: ProgressReporter): Promise<StagedBackup> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new BackupError(`There is no file ${file}.`);
  }
  if (!stat.isFile()) throw new BackupError(`${file} is not a file.`);

  const head = firstBytes(file, 8);
  const encrypted = isEncryptedBackup(head);
  let archive = file;
  if (encrypted) {
    const key = backupKeyFromConfig(keys.backupKey, keys.configFile, 'decrypt');
    archive = path.join(workDir, 'backup.tar.gz');
    onProgress('Decrypting and checking the backup');
    try {
      await decryptFile(file, archive, key);
    } catch (err) {
      if (err instanceof BackupError) throw err;
      throw new BackupError(`Cannot decrypt ${file}: ${(err as Error).message}. Nothing was restored.`);
    }
  } else if (!head.subarray(0, 2).equals(GZIP_MAGIC)) {
    throw new BackupError(`${file} is not a livechat backup: it is neither a .tar.gz archive nor an encrypted livechat backup.`);
  }

  onProgress('Unpacking the backup');
  const contentDir = path.join(workDir, 'content');
  fs.mkdirSync(contentDir);
  await extractArchive(archive, contentDir);
  if (encrypted) fs.rmSync(archive);

  const manifestFile = path.join(contentDir, MANIFEST_ENTRY);
  if (!fs.existsSync(manifestFile)) throw new BackupError(`${file} is not a livechat backup: it has no ${MANIFEST_ENTRY}.`);
  const manifest = parseManifest(fs.readFileSync(manifestFile, 'utf8'));
  const missing = Object.keys(manifest.tables).filter((t) => !fs.existsSync(path.join(contentDir, tableEntry(t))));
  if (missing.length) throw new BackupError(`The backup is incomplete: ${missing.map(tableEntry).join(', ')} missing. Nothing was restored.`);

  const storageDir = path.join(contentDir, STORAGE_FOLDER);
  return {
    manifest,
    encrypted,
    tableFile: (table) => path.join(contentDir, tableEntry(table)),
    storageDir: manifest.files && fs.existsSync(storageDir) ? storageDir : null,
  };
}
