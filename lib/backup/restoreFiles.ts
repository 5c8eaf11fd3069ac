import fs from 'node:fs';
import path from 'node:path';
import { formatCount, type ProgressReporter } from './progress.js';

/**
 * Moves the extracted storage/ tree into the install's storage folder. Files of the same name are
 * replaced; other files already there are left alone (an upload is never deleted by a restore).
 * The staging folder sits in the data folder, so this is a rename; copy is the fallback when
 * storage/ is another mount. Restored files are made 0600, like new uploads.
 */
export async function restoreFiles(fromDir: string, storageDir: string, onFile: (count: number) => void): Promise<number> {
  let count = 0;
  const walk = async (dir: string) => {
    for (const entry of await fs.promises.readdir(dir, { withFileTypes: true })) {
      const source = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(source);
        continue;
      }
      if (!entry.isFile()) continue;
      const target = path.join(storageDir, path.relative(fromDir, source));
      await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      try {
        await fs.promises.rename(source, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
        await fs.promises.copyFile(source, target);
      }
      // The archive keeps the modes files had (0644 from older versions): uploads are private.
      await fs.promises.chmod(target, 0o600);
      count += 1;
      onFile(count);
    }
  };
  await walk(fromDir);
  return count;
}

export const reportEvery = (label: string, onProgress: ProgressReporter, every = 1000) => (count: number) => {
  if (count % every === 0) onProgress(`${label}: ${formatCount(count)} files so far`);
};
