import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './cli.js';

/**
 * Database and Redis servers of a test's own, for fault tests that freeze, kill and restart
 * them: never the machine's shared instances. Each is started from nothing (--no-defaults: no
 * system config) in a temporary folder, on a free loopback port, and removed by stop().
 */
interface Service {
  port: number;
  url: string;
  readonly pid: number;
  /** SIGSTOP: the process stays, its sockets stay open, nothing answers (a frozen host). */
  freeze(): void;
  thaw(): void;
  /** SIGKILL, then started again on the same port and data (a crash and a restart). */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function waitForPort(port: number, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null || child.signalCode !== null) return reject(new Error(`the private server exited before it listened:\n${output()}`));
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() - started > timeoutMs) reject(new Error(`the private server did not listen on ${port} within ${timeoutMs} ms:\n${output()}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** The server dies with the test run even when mocha is killed (setpriv's parent-death signal), as the bench's do. */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p));

function service(port: number, url: string, command: string, args: string[], dir: string, readyMs: number): Service {
  let child: ChildProcess | null = null;
  let output = '';
  const start = async () => {
    output = '';
    // setpriv execs the server in place: the pid is the server's (SIGSTOP and SIGKILL reach it).
    child = SETPRIV ? spawn(SETPRIV, ['--pdeathsig', 'SIGKILL', '--', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => (output = (output + d).slice(-8192));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    await waitForPort(port, child, readyMs, () => output);
  };
  const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => c.once('exit', () => resolve())));
  const kill = async () => {
    const c = child;
    if (!c) return;
    c.kill('SIGCONT');
    c.kill('SIGKILL');
    await exited(c);
    child = null;
  };
  return {
    port,
    url,
    get pid() {
      return child?.pid ?? -1;
    },
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
    kill,
    start,
    async stop() {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A MariaDB of the test's own: root without a password, on loopback TCP; small buffers, so it starts in seconds. */
export async function startPrivateMariadb(): Promise<Service> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livechat-test-mariadb-'));
  const datadir = path.join(dir, 'data');
  const port = await freePort();
  const common = ['--no-defaults', `--datadir=${datadir}`, '--user=root', '--innodb-buffer-pool-size=32M', '--innodb-log-file-size=16M'];
  execFileSync('/usr/bin/mariadb-install-db', [...common, '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'pipe' });
  const args = [...common, `--socket=${path.join(dir, 'mysqld.sock')}`, `--port=${port}`, '--bind-address=127.0.0.1', `--pid-file=${path.join(dir, 'mariadbd.pid')}`, '--skip-log-bin', '--skip-name-resolve'];
  const s = service(port, `mysql://root@127.0.0.1:${port}`, '/usr/sbin/mariadbd', args, dir, 60_000);
  await s.start();
  return s;
}

/** A Redis of the test's own, keeping nothing on disk. */
export async function startPrivateRedis(): Promise<Service> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livechat-test-redis-'));
  const port = await freePort();
  const s = service(port, `redis://127.0.0.1:${port}`, '/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], dir, 10_000);
  await s.start();
  return s;
}
