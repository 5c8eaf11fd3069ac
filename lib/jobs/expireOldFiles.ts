import fs from 'node:fs/promises';
import path from 'node:path';
import { Op } from 'sequelize';
import { chatFileStorage, thumbnailPathOf } from '../files/chatFileStorage.js';
import { formatBytes } from '../backup/index.js';
import type { Job } from './job.js';
import type { JobDeps } from './job.js';
import { expiredFilesDir } from './backups/paths.js';

const BATCH = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Chat files older than files.retentionDays leave the disk (copied to the backups folder first
 * when files.backupBeforeExpiry is on). Their messages keep name, size and type, lose the path and
 * get file_deleted_at: widget and dashboard show "File expired". The file goes first and the row
 * after, so a run cut short is finished by the next; a file already gone is not an error.
 */
export function expireOldFiles({ config, db, logger }: JobDeps): Job {
  return {
    name: 'file-expiry',
    description: `deletes chat files older than ${config.files.retentionDays} days (files.retentionDays)`,
    schedule: '0 3 * * *',
    leaseSeconds: 3600,
    async run({ now }) {
      const cutoff = new Date(now.getTime() - config.files.retentionDays * DAY_MS);
      const storage = chatFileStorage(config.dataDir);
      const copyTo = config.files.backupBeforeExpiry ? expiredFilesDir(config) : null;
      let expired = 0;
      let missing = 0;
      let bytes = 0;
      const chatDirs = new Set<string>();
      let afterId = 0;
      for (;;) {
        const batch = await db.models.Message.findAll({
          where: { id: { [Op.gt]: afterId }, message_type: 'file', file_path: { [Op.not]: null }, file_deleted_at: null, created_at: { [Op.lt]: cutoff } },
          attributes: ['id', 'chat_id', 'file_path'],
          order: [['id', 'ASC']],
          limit: BATCH,
        });
        if (batch.length === 0) break;
        for (const message of batch) {
          afterId = message.id;
          const relative = message.file_path!;
          const absolute = storage.resolve(relative);
          if (!absolute) logger.warn({ messageId: message.id, path: relative }, 'file-expiry: a stored path outside chat-files/ is ignored; the message is marked expired');
          const size = absolute ? await fs.stat(absolute).then((s) => s.size, () => null) : null;
          if (absolute && size !== null) {
            if (copyTo) await copyBeforeExpiry(absolute, path.join(copyTo, relative));
            await fs.rm(absolute, { force: true });
            bytes += size;
            chatDirs.add(path.dirname(absolute));
          } else {
            missing++;
          }
          if (absolute) await fs.rm(thumbnailPathOf(absolute), { force: true });
          await db.models.Message.update({ file_path: null, file_deleted_at: now }, { where: { id: message.id, file_deleted_at: null } });
          expired++;
        }
      }
      // Chat folders left empty go too (a folder with a file still in retention stays).
      for (const dir of chatDirs) await fs.rmdir(dir).catch(() => {});
      const prunedCopies = copyTo ? await pruneOldCopies(copyTo, new Date(now.getTime() - config.backups.weeklyRetentionDays * DAY_MS)) : 0;
      return {
        summary: `expired ${expired} file(s) older than ${config.files.retentionDays} days, ${formatBytes(bytes)} freed${missing ? ` (${missing} already gone from disk)` : ''}`,
        details: { expired, missing, bytes, cutoff: cutoff.toISOString(), ...(copyTo ? { copiedTo: copyTo, prunedCopies } : {}) },
      };
    },
  };
}

async function copyBeforeExpiry(source: string, target: string): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  // A copy that fails stops the run before anything is deleted: this file is not backed up yet.
  await fs.copyFile(source, target);
}

/** Copies of expired files are kept as long as the weekly backups. */
async function pruneOldCopies(dir: string, olderThan: Date): Promise<number> {
  let pruned = 0;
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat && stat.mtime < olderThan) {
      await fs.rm(file, { force: true });
      pruned++;
    }
  }
  return pruned;
}
