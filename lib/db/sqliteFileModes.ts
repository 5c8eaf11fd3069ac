import fs from 'node:fs';
import path from 'node:path';

/**
 * The SQLite file holds every chat, and its -wal holds the latest writes: only livechat's user may
 * read them. SQLite creates the database 0644 (less the umask) and gives -wal and -shm the
 * database file's own mode, so the file is made 0600 before SQLite opens it, and a file (or -wal,
 * -shm) left wider by an older version is narrowed. A file another user owns is left for
 * `livechat doctor` to report.
 */
export function ownerOnlySqliteFiles(storage: string): void {
  fs.mkdirSync(path.dirname(storage), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(storage, 'a', 0o600));
  for (const file of [storage, `${storage}-wal`, `${storage}-shm`, `${storage}-journal`]) {
    try {
      if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw err;
    }
  }
}
