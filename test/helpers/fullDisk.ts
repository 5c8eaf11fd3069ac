import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { testEnv } from './env.js';
import { tmpDataDir } from './tmp.js';

export interface SmallDisk {
  /** The mount point: a real, separate file system of `sizeBytes`. */
  dir: string;
  /** Writes a filler file until only about `leaveBytes` stay free (ENOSPC comes right after). */
  fill(leaveBytes?: number): void;
  /** Deletes the filler: space is back. */
  free(): void;
  freeBytes(): number;
  unmount(): void;
}

const FILLER = '.disk-filler';

/**
 * A small tmpfs mounted for one test, so "the disk is full" is the kernel's real ENOSPC / SQLITE_FULL
 * and not a mock. Needs root (mount); outside CI a machine without it skips, in CI it fails loudly.
 */
export function mountSmallDisk(ctx: Mocha.Context, options: { sizeBytes?: number; at?: string } = {}): SmallDisk {
  const sizeBytes = options.sizeBytes ?? 4 * 1024 * 1024;
  const dir = options.at ?? tmpDataDir('livechat-small-disk-');
  fs.mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    const why = `cannot mount a tmpfs to fill (needs root): ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
    if (testEnv.ci) throw new Error(`CI=true: the full-disk tests must run. ${why}`);
    console.log(`    (skipped: ${why})`);
    ctx.skip();
  }
  const freeBytes = () => {
    const s = fs.statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  };
  return {
    dir,
    freeBytes,
    fill(leaveBytes = 0) {
      const fd = fs.openSync(path.join(dir, FILLER), 'a');
      const chunk = Buffer.alloc(64 * 1024, 0x78);
      try {
        for (;;) {
          const room = freeBytes() - leaveBytes;
          if (room <= 0) break;
          fs.writeSync(fd, chunk, 0, Math.min(chunk.length, room));
        }
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        fs.closeSync(fd);
      }
    },
    free: () => fs.rmSync(path.join(dir, FILLER), { force: true }),
    unmount: () => execFileSync('umount', ['-l', dir], { stdio: 'pipe' }),
  };
}

/**
 * A MariaDB of the test's own whose data folder is on `disk` (never the machine's shared one):
 * root without a password on a free loopback port, small buffers so it starts in seconds.
 */
export async function startMariadbOnDisk(ctx: Mocha.Context, disk: SmallDisk, port: number): Promise<{ url: string; stop(): Promise<void> }> {
  if (!fs.existsSync('/usr/sbin/mariadbd')) {
    if (testEnv.ci) throw new Error('CI=true: the full-disk MariaDB test needs mariadbd (Debian package mariadb-server).');
    console.log('    (skipped: no /usr/sbin/mariadbd to start a private MariaDB on the small disk)');
    ctx.skip();
  }
  const common = ['--no-defaults', `--datadir=${path.join(disk.dir, 'data')}`, '--user=root', '--innodb-buffer-pool-size=32M', '--innodb-log-file-size=16M'];
  execFileSync('/usr/bin/mariadb-install-db', [...common, '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'pipe' });
  const { spawn } = await import('node:child_process');
  const child = spawn('/usr/sbin/mariadbd', [...common, `--socket=${path.join(disk.dir, 'mysqld.sock')}`, `--port=${port}`, '--bind-address=127.0.0.1', '--skip-log-bin', '--skip-name-resolve'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the private MariaDB did not start within 60 s:\n${log}`)), 60_000);
    child.stderr!.on('data', (d) => {
      log = (log + d).slice(-8192);
      if (/ready for connections/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`the private MariaDB exited:\n${log}`)));
  });
  child.stderr!.resume();
  return {
    url: `mysql://root@127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
