import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { spawnTracked, stop } from './procs.js';
import { adminConnection } from './setup.js';

/** The MariaDB settings a run used, printed with its figures (they move p99 a lot). */
export interface MariadbSettings {
  version: string;
  redoLogBytes: number;
  bufferPoolBytes: number;
  flushAtCommit: string;
  ioCapacity: number;
}

export async function readMariadbSettings(adminUrl: string): Promise<MariadbSettings> {
  const conn = await adminConnection(adminUrl);
  try {
    const [rows] = await conn.query('SELECT VERSION() AS v, @@innodb_log_file_size AS redo, @@innodb_buffer_pool_size AS pool, @@innodb_flush_log_at_trx_commit AS flush, @@innodb_io_capacity AS io');
    const r = (rows as Record<string, string | number>[])[0];
    return { version: String(r.v), redoLogBytes: Number(r.redo), bufferPoolBytes: Number(r.pool), flushAtCommit: String(r.flush), ioCapacity: Number(r.io) };
  } finally {
    await conn.end();
  }
}

export const describeSettings = (s: MariadbSettings) =>
  `MariaDB ${s.version}: redo log ${Math.round(s.redoLogBytes / 2 ** 20)} MB, buffer pool ${Math.round(s.bufferPoolBytes / 2 ** 20)} MB, innodb_io_capacity ${s.ioCapacity}, innodb_flush_log_at_trx_commit ${s.flushAtCommit}`;

/**
 * A MariaDB of the bench's own, started from a config file (templates/mariadb-livechat.cnf: the
 * settings the docs give a production server) with a fresh data folder on disk (not tmpfs: fsync
 * must cost what it costs), so runs do not depend on how the machine's MariaDB happens to be set.
 * It listens on loopback TCP and a Unix socket of its own, and dies with the bench.
 */
export async function startPrivateMariadb(configFile: string, port: number) {
  if (!fs.existsSync(configFile)) throw new Error(`--mariadb-config ${configFile}: no such file`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livechat-bench-mariadb-'));
  const datadir = path.join(dir, 'data');
  const socket = path.join(dir, 'mysqld.sock');
  const installDb = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'].find((p) => fs.existsSync(p));
  if (!installDb) throw new Error('--mariadb-config needs mariadb-install-db (Debian package mariadb-server)');
  process.stderr.write(`starting a private MariaDB with ${configFile} in ${dir}...\n`);
  try {
    execFileSync(installDb, [`--defaults-file=${path.resolve(configFile)}`, `--datadir=${datadir}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'pipe' });
  } catch (err) {
    const out = err as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(`${installDb} could not create a data folder in ${datadir} with ${configFile}:\n${String(out.stderr ?? '')}${String(out.stdout ?? '')}`);
  }
  const server = await spawnTracked(
    '/usr/sbin/mariadbd',
    [`--defaults-file=${path.resolve(configFile)}`, `--datadir=${datadir}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1', '--user=root', `--pid-file=${path.join(dir, 'mariadbd.pid')}`, '--skip-log-bin'],
    /ready for connections/,
    {},
    120_000,
  );
  return {
    url: `mysql://root@127.0.0.1:${port}`,
    socket,
    pid: server.pid,
    async stop() {
      await stop(server);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
