import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import * as tar from 'tar';
import { BackupError } from './errors.js';
import { DB_FOLDER, MANIFEST_ENTRY, STORAGE_FOLDER } from './format.js';
import { countOf, formatBytes } from './progress.js';

const PROGRESS_EVERY_FILES = 1000;

const toPosix = (p: string) => p.split(path.sep).join('/');
const isInside = (parent: string, child: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * Writes the .tar.gz: manifest.json and db/ from the staging folder, then the storage tree under
 * "storage/". Storage is added by absolute path and renamed in onWriteEntry, so files are read in
 * place (never copied) and the archive never names a path outside its own layout.
 */
export async function writeArchive(options: {
  stagingDir: string;
  storageDir: string | null;
  target: string;
  encrypt: Transform | null;
  onFiles?: (count: number, bytes: number) => void;
}): Promise<{ files: number; fileBytes: number }> {
  const { stagingDir, storageDir } = options;
  let files = 0;
  let fileBytes = 0;
  const sources = [MANIFEST_ENTRY, DB_FOLDER];
  if (storageDir && fs.existsSync(storageDir)) sources.push(storageDir);
  const pack = tar.c(
    {
      cwd: stagingDir,
      gzip: true,
      portable: true,
      preservePaths: true,
      // Only plain files and folders: a symlink in storage/ could point anywhere on the server.
      filter: (_p, stat) => (stat as fs.Stats).isFile() || (stat as fs.Stats).isDirectory(),
      onWriteEntry: (entry) => {
        if (!storageDir || !isInside(storageDir, entry.absolute)) return;
        const rel = toPosix(path.relative(storageDir, entry.absolute));
        entry.path = rel ? `${STORAGE_FOLDER}/${rel}${entry.type === 'Directory' ? '/' : ''}` : `${STORAGE_FOLDER}/`;
        if (entry.type === 'File') {
          files += 1;
          fileBytes += entry.stat?.size ?? 0;
          if (files % PROGRESS_EVERY_FILES === 0) options.onFiles?.(files, fileBytes);
        }
      },
    },
    sources,
  );
  const out = fs.createWriteStream(options.target, { flags: 'wx', mode: 0o600 });
  if (options.encrypt) await pipeline(pack, options.encrypt, out);
  else await pipeline(pack, out);
  return { files, fileBytes };
}

export const describeFiles = (count: number, bytes: number) => `${countOf(count, 'file')} (${formatBytes(bytes)})`;

/** Why an archive entry must not be extracted, or null when it is safe. */
function unsafeEntryReason(entryPath: string, type: string): string | null {
  if (entryPath.startsWith('/')) return 'an absolute path';
  if (entryPath.split('/').includes('..')) return 'a path with ".."';
  if (!['File', 'OldFile', 'ContiguousFile', 'Directory'].includes(type)) return `a ${type} entry (only files and folders are restored)`;
  return null;
}

const isLayoutEntry = (p: string) => p === MANIFEST_ENTRY || p.startsWith(`${DB_FOLDER}/`) || p.startsWith(`${STORAGE_FOLDER}/`);

/**
 * Extracts a .tar.gz into an empty folder. Any unsafe entry (absolute path, "..", link, device)
 * fails the whole extraction, and entries outside the backup layout are skipped. The caller
 * extracts into a staging folder, so a bad archive never touches the install.
 */
export async function extractArchive(archive: string, targetDir: string): Promise<void> {
  let unsafe: string | null = null;
  try {
    // Gunzipped by Node's zlib in a pipeline rather than by tar itself: tar's own gunzip ran ahead
    // of the file writes and held a whole large table in memory (385 MB for 1M messages).
    await pipeline(fs.createReadStream(archive), zlib.createGunzip(), tar.x({
      cwd: targetDir,
      strict: true,
      filter: (entryPath, entry) => {
        const reason = unsafeEntryReason(entryPath, (entry as tar.ReadEntry).type);
        if (reason) unsafe ??= `"${entryPath}" is ${reason}`;
        return !reason && isLayoutEntry(entryPath);
      },
    }));
  } catch (err) {
    throw new BackupError(`The archive is damaged or not a livechat backup (${(err as Error).message}). Nothing was restored.`);
  }
  if (unsafe) throw new BackupError(`The archive holds an entry livechat refuses to extract: ${unsafe}. Nothing was restored.`);
}
