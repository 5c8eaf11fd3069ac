import fs from 'node:fs/promises';
import type { Redis } from 'ioredis';
import type { Config } from '../../config/schema.js';
import type { Database } from '../../db/index.js';
import { formatFreeBytes as formatBytes, nearestExistingDir } from '../../diskSpace.js';
import { within } from '../../deadline.js';

/** One health check's answer, as GET /readyz shows it. */
export interface Probe {
  ok: boolean;
  message: string;
}

const TIMEOUT_MS = 3000;
const GB = 1024 ** 3;


async function probeDatabase(db: Database): Promise<Probe> {
  try {
    await within(db.sequelize.query('SELECT 1'), TIMEOUT_MS, 'the database');
    return { ok: true, message: `${db.dialect} answered` };
  } catch (err) {
    return { ok: false, message: `the ${db.dialect} database is unreachable: ${(err as Error).message}` };
  }
}

/** Null when Redis is not configured (a single node needs none). */
export async function probeRedis(redis: Redis | null, timeoutMs = TIMEOUT_MS): Promise<Probe | null> {
  if (!redis) return null;
  if (redis.status === 'end' || redis.status === 'close') return { ok: false, message: 'Redis is unreachable: the connection is closed' };
  try {
    const reply = await within(redis.ping(), timeoutMs, 'Redis');
    return { ok: true, message: `Redis answered ${reply}` };
  } catch (err) {
    return { ok: false, message: `Redis is unreachable: ${(err as Error).message}` };
  }
}

/** Free space for the data folder (database, files, backups) against health.minFreeDiskGb. */
export async function probeDisk(config: Pick<Config, 'dataDir' | 'health'>): Promise<Probe> {
  const dir = nearestExistingDir(config.dataDir);
  try {
    const stats = await fs.statfs(dir);
    const free = Number(stats.bavail) * Number(stats.bsize);
    const ok = free >= config.health.minFreeDiskGb * GB;
    return { ok, message: `${formatBytes(free)} free for ${dir}${ok ? '' : ` (below the ${config.health.minFreeDiskGb} GB of health.minFreeDiskGb)`}` };
  } catch (err) {
    return { ok: false, message: `the free space of ${dir} cannot be read: ${(err as Error).message}` };
  }
}

/** The checks the health job alerts on and GET /readyz reports. */
export async function healthChecks(deps: { config: Pick<Config, 'dataDir' | 'health'>; db: Database; redis: Redis | null }): Promise<Record<string, Probe>> {
  const [database, redis, disk] = await Promise.all([probeDatabase(deps.db), probeRedis(deps.redis), probeDisk(deps.config)]);
  return { database, disk, ...(redis ? { redis } : {}) };
}
