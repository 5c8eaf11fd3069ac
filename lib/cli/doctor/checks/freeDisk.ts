import fs from 'node:fs/promises';
import { formatFreeBytes as formatBytes, nearestExistingDir } from '../../../diskSpace.js';
import type { Check } from '../types.js';

const GB = 1024 ** 3;
const MB = 1024 ** 2;
/** Below this, uploads, backups and the SQLite file fill the disk within weeks on a busy install. */
const WARN_BELOW_BYTES = 10 * GB;
/** Below this, a backup or a burst of uploads can fill the disk and corrupt writes. */
const FAIL_BELOW_BYTES = 500 * MB;

export const freeDisk: Check = {
  id: 'disk-space',
  title: 'Free disk space',
  categories: ['doctor', 'start', 'install'],
  async run(ctx) {
    const dir = nearestExistingDir(ctx.dataDir);
    const stats = await fs.statfs(dir);
    // bavail, not bfree: the blocks reserved for root are not ours to use.
    const free = Number(stats.bavail) * Number(stats.bsize);
    const message = `${formatBytes(free)} free for ${dir}`;
    if (free < FAIL_BELOW_BYTES) return { status: 'fail', message, fix: `free space on that disk (at least ${formatBytes(FAIL_BELOW_BYTES)}; old backups are in backups/)` };
    if (free < WARN_BELOW_BYTES) return { status: 'warn', message, fix: `plan for more space: ${formatBytes(WARN_BELOW_BYTES)} or more is advised` };
    return { status: 'pass', message };
  },
};
