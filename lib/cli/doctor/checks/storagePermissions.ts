import fs from 'node:fs';
import path from 'node:path';
import { dataPaths } from '../../../paths.js';
import { isWritable, statOrNull } from '../fsHelpers.js';
import type { Check } from '../types.js';

/** Enough to catch the usual cause (one run as root leaving root-owned files) without crawling a huge store. */
const MAX_ENTRIES = 10_000;
/** Read bits of group and other users: the database, uploads and backups are for livechat's user alone. */
const SHARED_READ = 0o044;

interface Findings {
  checked: number;
  notWritable: string[];
  worldWritable: string[];
  /** Files that other users can read (anywhere in the data folder). */
  readable: string[];
  truncated: boolean;
}

/** The data folder walked once: readable files anywhere; writability under storage/ only. */
function inspectTree(root: string, storage: string): Findings {
  const found: Findings = { checked: 0, notWritable: [], worldWritable: [], readable: [], truncated: false };
  const queue = [root];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    if (found.checked >= MAX_ENTRIES) {
      found.truncated = true;
      break;
    }
    found.checked++;
    const stat = fs.lstatSync(current);
    if (stat.isSymbolicLink()) continue;
    if (stat.isFile() && (stat.mode & SHARED_READ) !== 0) found.readable.push(current);
    const inStorage = current === storage || current.startsWith(storage + path.sep);
    if (inStorage && !isWritable(current)) found.notWritable.push(current);
    if (inStorage && (stat.mode & 0o002) !== 0) found.worldWritable.push(current);
    if (stat.isDirectory()) {
      try {
        for (const name of fs.readdirSync(current)) queue.push(path.join(current, name));
      } catch {
        found.notWritable.push(current);
      }
    }
  }
  return found;
}

const examples = (list: string[]) => list.slice(0, 3).join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '');

/** The command that makes the found files private: each one named when there are few. */
const privateFix = (dataDir: string, files: string[]) => (files.length <= 3 ? `chmod 600 ${files.join(' ')}` : `chmod -R go-rwx ${dataDir}`);

export const storagePermissions: Check = {
  id: 'storage',
  title: 'Storage permissions',
  categories: ['doctor', 'start'],
  async run(ctx) {
    const storage = dataPaths(ctx.dataDir).storage;
    if (!statOrNull(ctx.dataDir)) return { status: 'skip', message: 'skipped: the data folder does not exist' };
    const stat = statOrNull(storage);
    if (!stat && !isWritable(ctx.dataDir)) {
      return { status: 'fail', message: `storage/ is missing and ${ctx.dataDir} is not writable`, fix: `chown -R "$(id -un)" ${ctx.dataDir}` };
    }
    if (stat && !stat.isDirectory()) return { status: 'fail', message: `${storage} is not a folder`, fix: `move it away; livechat keeps uploads and avatars in ${storage}/` };
    const found = inspectTree(ctx.dataDir, storage);
    const scope = `${found.checked} entries${found.truncated ? ` (stopped after ${MAX_ENTRIES})` : ''}`;
    if (found.notWritable.length > 0) {
      return {
        status: 'fail',
        message: `${found.notWritable.length} of ${scope} in storage/ are not writable by this user: ${examples(found.notWritable)}`,
        fix: `chown -R "$(id -un)" ${storage}  (usually left by running livechat as root once)`,
      };
    }
    if (found.worldWritable.length > 0) {
      // Anyone on the machine could plant files that are then served to visitors and agents.
      return { status: 'warn', message: `${found.worldWritable.length} entries in storage/ are writable by every user: ${examples(found.worldWritable)}`, fix: `chmod -R o-w ${storage}` };
    }
    if (found.readable.length > 0) {
      // The database and its -wal hold every chat; uploads and backups are as private.
      return {
        status: 'warn',
        message: `${found.readable.length} file(s) in the data folder can be read by other users: ${examples(found.readable)}`,
        fix: privateFix(ctx.dataDir, found.readable),
      };
    }
    const storageNote = stat ? 'storage/ writable by this user, none by every user' : 'storage/ is not created yet; the data folder is writable';
    return { status: 'pass', message: `${scope} in the data folder: ${storageNote}; no file readable by other users` };
  },
};
