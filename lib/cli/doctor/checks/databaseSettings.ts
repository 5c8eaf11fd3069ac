import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { packageRoot } from '../../../paths.js';
import { skipWithoutConfig, type Check, type CheckResult } from '../types.js';

/** The server settings this check reads, as MariaDB or MySQL report them (absent ones are missing). */
type ServerSettings = Partial<Record<
  'innodb_flush_log_at_trx_commit' | 'sync_binlog' | 'log_bin' | 'innodb_log_file_size' | 'innodb_log_files_in_group' | 'innodb_redo_log_capacity' | 'innodb_buffer_pool_size',
  string
>>;

export const MARIADB_TEMPLATE = path.join(packageRoot, 'templates', 'mariadb-livechat.cnf');
const MB = 1024 * 1024;
/** Below these, sustained traffic makes the server stall commits (redo log) or read from disk (buffer pool). */
export const MIN_REDO_BYTES = 512 * MB;
export const MIN_BUFFER_POOL_BYTES = 256 * MB;

const size = (bytes: number) => (bytes >= 1024 * MB ? `${(bytes / 1024 / MB).toFixed(1)} GB` : `${Math.round(bytes / MB)} MB`);

/**
 * What the settings mean for livechat. Durability comes first: a message is acked after its
 * commit, so a server that does not flush its log at every commit can lose acked messages in a
 * power cut (fail). Sizes that make commits stall under load are a warning.
 */
export function judgeServerSettings(s: ServerSettings): CheckResult {
  const fix = `apply ${MARIADB_TEMPLATE} (MariaDB; MySQL: see its comments) and restart the database server`;
  const problems: string[] = [];
  if (s.innodb_flush_log_at_trx_commit !== '1') problems.push(`innodb_flush_log_at_trx_commit is ${s.innodb_flush_log_at_trx_commit ?? 'unknown'}, so acknowledged messages can be lost in a crash or power cut (set it to 1)`);
  if (s.log_bin === 'ON' || s.log_bin === '1') {
    if (s.sync_binlog !== '1') problems.push(`binary logging is on with sync_binlog ${s.sync_binlog ?? 'unknown'}: a crash can lose committed messages from the binary log (set it to 1)`);
  }
  if (problems.length) return { status: 'fail', message: problems.join('; '), fix };

  const redo = s.innodb_redo_log_capacity !== undefined ? Number(s.innodb_redo_log_capacity) : Number(s.innodb_log_file_size ?? 0) * Number(s.innodb_log_files_in_group ?? 1);
  const pool = Number(s.innodb_buffer_pool_size ?? 0);
  const found = `redo log ${size(redo)}, buffer pool ${size(pool)}, log flushed at every commit`;
  const small: string[] = [];
  if (redo < MIN_REDO_BYTES) small.push(`a redo log of ${size(redo)} (under ${size(MIN_REDO_BYTES)}) stalls commits when thousands of messages a second arrive`);
  if (pool < MIN_BUFFER_POOL_BYTES) small.push(`a buffer pool of ${size(pool)} (under ${size(MIN_BUFFER_POOL_BYTES)}) sends reads of recent chats to disk`);
  if (small.length) return { status: 'warn', message: `${found}: ${small.join('; ')}`, fix };
  return { status: 'pass', message: found };
}

export const databaseSettings: Check = {
  id: 'database-settings',
  title: 'Database settings',
  categories: ['doctor'],
  async run(ctx) {
    if (!ctx.config) return skipWithoutConfig;
    if (ctx.config.database.dialect !== 'mysql') return { status: 'skip', message: 'skipped: the embedded SQLite database has no server settings to tune' };
    let db;
    try {
      db = await ctx.database();
    } catch {
      return { status: 'skip', message: 'skipped: the database is not reachable' };
    }
    const names = ['innodb_flush_log_at_trx_commit', 'sync_binlog', 'log_bin', 'innodb_log_file_size', 'innodb_log_files_in_group', 'innodb_redo_log_capacity', 'innodb_buffer_pool_size'];
    const rows = await db.sequelize.query<{ Variable_name: string; Value: string }>(`SHOW GLOBAL VARIABLES WHERE Variable_name IN (${names.map(() => '?').join(',')})`, { replacements: names, type: QueryTypes.SELECT });
    return judgeServerSettings(Object.fromEntries(rows.map((r) => [r.Variable_name, r.Value])));
  },
};
