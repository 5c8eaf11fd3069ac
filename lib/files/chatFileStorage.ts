import fs from 'node:fs/promises';
import path from 'node:path';
import { dataPaths } from '../paths.js';

/** Where a file's preview lives: beside the file, so expiring or backing up one folder covers both. */
export const thumbnailPathOf = (filePath: string) => `${filePath}.thumb`;

/**
 * The private store of chat files: `<data>/storage/chat-files/{chat_id}/{stored name}`, never under a
 * folder the server serves. Messages keep the path relative to `<data>/storage` (as backups do);
 * every path read back from the database is checked to stay inside chat-files/.
 */
export function chatFileStorage(dataDir: string) {
  const storageRoot = path.resolve(dataPaths(dataDir).storage);
  const chatFilesRoot = path.resolve(dataPaths(dataDir).chatFiles);

  /** The absolute path of a stored relative path, or null when it would leave chat-files/. */
  const resolve = (relativePath: string): string | null => {
    const absolute = path.resolve(storageRoot, relativePath);
    return absolute.startsWith(chatFilesRoot + path.sep) ? absolute : null;
  };

  /** Removes stored files; missing ones are fine (removing is how a failed upload is undone). */
  const remove = async (relativePaths: string[]): Promise<void> => {
    for (const rel of relativePaths) {
      const absolute = resolve(rel);
      if (absolute) await fs.rm(absolute, { force: true });
    }
  };

  return {
    root: chatFilesRoot,
    resolve,
    remove,

    /** Writes new files of one chat (never overwriting) and returns their paths relative to storage/. */
    async write(chatId: number, files: { name: string; bytes: Buffer }[]): Promise<string[]> {
      if (!Number.isInteger(chatId) || chatId <= 0) throw new Error(`bad chat id ${chatId}`);
      const dir = path.join(chatFilesRoot, String(chatId));
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      const written: string[] = [];
      try {
        for (const file of files) {
          if (file.name !== path.basename(file.name) || file.name.startsWith('.')) throw new Error(`bad stored name ${file.name}`);
          const absolute = path.join(dir, file.name);
          try {
            await fs.writeFile(absolute, file.bytes, { flag: 'wx', mode: 0o600 });
          } catch (err) {
            // A half-written file (disk full) is ours to remove; an existing one (EEXIST) is not.
            if ((err as NodeJS.ErrnoException).code !== 'EEXIST') await fs.rm(absolute, { force: true });
            throw err;
          }
          written.push(path.relative(storageRoot, absolute).split(path.sep).join('/'));
        }
      } catch (err) {
        await remove(written);
        throw err;
      }
      return written;
    },

    /** The absolute path of a stored file if it is still on disk, else null. */
    async existing(relativePath: string | null): Promise<string | null> {
      if (!relativePath) return null;
      const absolute = resolve(relativePath);
      if (!absolute) return null;
      const stat = await fs.stat(absolute).catch(() => null);
      return stat?.isFile() ? absolute : null;
    },
  };
}

export type ChatFileStorage = ReturnType<typeof chatFileStorage>;
