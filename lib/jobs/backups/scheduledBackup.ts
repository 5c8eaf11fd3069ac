import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createBackup, formatBytes } from '../../backup/index.js';
import type { JobDeps } from '../job.js';
import type { JobResult } from '../job.js';
import type { Alerts } from '../alerts.js';
import { backupsDir } from './paths.js';

type BackupKind = 'daily' | 'weekly';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Only the scheduled backups are pruned; `livechat backup` files (livechat-<dialect>-...) are the sysadmin's. */
const SCHEDULED = /^livechat-(daily|weekly)-[a-z]+-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.tar\.gz(\.enc)?$/;

const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/**
 * One scheduled backup through the backup module (the same archive `livechat restore` reads),
 * always encrypted with secrets.backupKey: daily = the database, weekly = database and files.
 * Then the backups of that kind older than their retention go. A failure alerts the admins.
 */
export async function runScheduledBackup(deps: JobDeps, alerts: Alerts, kind: BackupKind, now: Date): Promise<JobResult> {
  const { config, db } = deps;
  const dir = backupsDir(config);
  const out = path.join(dir, `livechat-${kind}-${db.dialect}-${stamp(now)}.tar.gz.enc`);
  let result;
  try {
    result = await createBackup(db, config, { out, includeFiles: kind === 'weekly', encrypt: true });
  } catch (err) {
    await alerts
      .raise({
        problem: `backup-${kind}`,
        title: `The ${kind} backup failed on ${os.hostname()}`,
        lines: [
          `The ${kind === 'daily' ? 'daily database' : 'weekly full'} backup to ${dir} failed: ${(err as Error).message}`,
          'Run `livechat jobs run ' + (kind === 'daily' ? 'backup-database' : 'backup-full') + '` on the server to retry and see the error, and `livechat doctor` for disk space and permissions.',
        ],
      })
      .catch((alertErr) => deps.logger.error({ err: alertErr }, 'backup failure alert could not be raised'));
    throw err;
  }
  const retentionDays = kind === 'daily' ? config.backups.dailyRetentionDays : config.backups.weeklyRetentionDays;
  const pruned = await pruneBackups(dir, kind, new Date(now.getTime() - retentionDays * DAY_MS));
  return {
    summary: `${kind} backup written: ${result.file} (${formatBytes(result.bytes)}${kind === 'weekly' ? `, ${result.files} files` : ''}); ${pruned.length} older than ${retentionDays} days removed`,
    details: { file: result.file, bytes: result.bytes, files: result.files, pruned },
  };
}

/** Deletes the scheduled backups of one kind made before `olderThan` (by the time in their name). */
async function pruneBackups(dir: string, kind: BackupKind, olderThan: Date): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const m = SCHEDULED.exec(name);
    if (!m || m[1] !== kind) continue;
    const made = Date.UTC(+m[2], +m[3] - 1, +m[4], +m[5], +m[6], +m[7]);
    if (made < olderThan.getTime()) {
      await fs.rm(path.join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return removed.sort();
}
