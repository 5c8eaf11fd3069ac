import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import WebSocket from 'ws';
import { spawn } from 'node:child_process';
import { runCli, spawnCli, freePort, repoRoot } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { tmpDataDir } from '../helpers/tmp.js';
import { describeEachDialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { factories, TEST_PASSWORD } from '../helpers/factories.js';
import { signedIn } from '../helpers/http.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('livechat start (zero set-up)', () => {
  it('installs on SQLite when there is no config, serves /readyz, and shuts down gracefully on SIGTERM', async function () {
    this.timeout(60_000);
    const dataDir = tmpDataDir();
    const port = await freePort();
    const server = spawnCli(['start', '--port', String(port)], { dataDir });
    try {
      await server.waitFor(/is running/);
      const password = server.output().stdout.match(/one-time password: (\S+)/)?.[1];
      expect(password, server.output().stdout).to.be.a('string');
      // Next steps, runnable as printed from here: npx (livechat is not on PATH in a clone), this data folder, no "start".
      const steps = server.output().stdout.slice(server.output().stdout.indexOf('Next steps:'));
      expect(steps).to.contain(`npx livechat client add --name "My site" --domain example.com --data-dir ${dataDir}`);
      expect(steps).to.contain(`npx livechat agent add --email ann@example.com`);
      expect(steps).to.not.match(/livechat start/);
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/readyz`)).status).to.equal(200);
      const pid = JSON.parse(fs.readFileSync(path.join(dataDir, 'livechat.pid'), 'utf8'));
      expect(pid.pid).to.equal(server.child.pid);

      // A signed-in dashboard socket is told the server is going away (1001), not just dropped.
      const api = await signedIn(base, 'admin@example.com', password!);
      // The printed password was made for the admin: it is replaced at first sign-in before anything else.
      expect((await api.get('/api/clients')).status, 'a one-time password must be replaced first').to.equal(403);
      expect((await api.put('/api/profile/password', { currentPassword: password, newPassword: 'admin-own-password-1' })).status).to.equal(204);
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { cookie: api.cookie!, origin: base } });
      const hello = await new Promise<any>((resolve, reject) => {
        ws.once('message', (d) => resolve(JSON.parse(String(d))));
        ws.once('error', reject);
      });
      expect(hello.type).to.equal('hello');
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

      server.child.kill('SIGTERM');
      expect(await closed).to.equal(1001);
      const exit = await server.exited;
      expect(exit.code).to.equal(0);
      expect(fs.existsSync(path.join(dataDir, 'livechat.pid'))).to.equal(false);
      expect(server.output().stderr).to.match(/livechat stopped/);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('stops with npm when a process manager sends SIGTERM to `npm start` (npm -> sh -> node): no orphan server, no pid file', async function () {
    this.timeout(60_000);
    const dataDir = tmpDataDir();
    expect((await runCli(['install', '--non-interactive'], { dataDir })).code).to.equal(0);
    const port = await freePort();
    const env = { ...process.env, LIVECHAT_LOG_LEVEL: 'warn' } as Record<string, string>;
    delete env.LIVECHAT_DATA_DIR;
    // `npm start` runs `node bin/livechat start` through `sh -c`, exactly as npx runs the bin.
    const npm = spawn('npm', ['start', '--', '--port', String(port), '--data-dir', dataDir, '--no-checks'], { cwd: repoRoot, env, stdio: 'ignore' });
    const pidFile = path.join(dataDir, 'livechat.pid');
    let serverPid = 0;
    try {
      await waitFor('the server to answer /readyz', async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 30_000, 100);
      serverPid = JSON.parse(fs.readFileSync(pidFile, 'utf8')).pid;
      expect(serverPid).to.not.equal(npm.pid);
      npm.kill('SIGTERM');
      await waitFor('the server to stop', () => !alive(serverPid), 15_000, 50);
      expect(fs.existsSync(pidFile), 'pid file').to.equal(false);
      const refused = await fetch(`http://127.0.0.1:${port}/readyz`).then(() => false, () => true);
      expect(refused, 'the port is closed').to.equal(true);
    } finally {
      npm.kill('SIGKILL');
      if (serverPid && alive(serverPid)) process.kill(serverPid, 'SIGKILL');
    }
  });

  it('stops cleanly when the terminal it runs in goes away (SIGHUP): the port closes, the pid file is removed', async function () {
    this.timeout(60_000);
    const dataDir = tmpDataDir();
    expect((await runCli(['install', '--non-interactive'], { dataDir })).code).to.equal(0);
    const port = await freePort();
    const terminal = spawnCli(['start', '--port', String(port), '--no-checks'], { dataDir, terminal: true });
    const pidFile = path.join(dataDir, 'livechat.pid');
    let serverPid = 0;
    try {
      await terminal.waitFor(/is running/);
      serverPid = JSON.parse(fs.readFileSync(pidFile, 'utf8')).pid;
      // `script` is the terminal here: killing it closes the pseudo-terminal's master side, so the
      // kernel hangs the terminal up (SIGHUP to the process on it), as closing a window does. A
      // SIGTERM would not do: script forwards it and then kills what it runs a moment later.
      terminal.child.kill('SIGKILL');
      await waitFor('the server to stop', () => !alive(serverPid), 15_000, 50);
      expect(fs.existsSync(pidFile), 'pid file').to.equal(false);
      expect(await fetch(`http://127.0.0.1:${port}/readyz`).then(() => 'open', () => 'closed')).to.equal('closed');
    } finally {
      terminal.child.kill('SIGKILL');
      if (serverPid && alive(serverPid)) process.kill(serverPid, 'SIGKILL');
    }
  });

  it('refuses a WebSocket upgrade on an unclaimed path and without a session', async function () {
    this.timeout(60_000);
    const dataDir = tmpDataDir();
    const port = await freePort();
    const server = spawnCli(['start', '--port', String(port)], { dataDir });
    try {
      await server.waitFor(/is running/);
      const status = (url: string) =>
        new Promise<number>((resolve) => {
          const ws = new WebSocket(url);
          ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
          ws.once('open', () => resolve(101));
          ws.once('error', () => undefined);
        });
      expect(await status(`ws://127.0.0.1:${port}/elsewhere`)).to.equal(404);
      expect(await status(`ws://127.0.0.1:${port}/ws`)).to.equal(401);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('says clearly when the port is taken', async function () {
    this.timeout(30_000);
    const blocker = net.createServer().listen(0, '0.0.0.0');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const dataDir = tmpDataDir();
      expect((await runCli(['install', '--non-interactive'], { dataDir })).code).to.equal(0);
      const res = await runCli(['start', '--port', String(port), '--no-checks'], { dataDir });
      expect(res.code).to.equal(1);
      expect(res.stderr).to.match(new RegExp(`Port ${port} is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('lists every problem of an invalid config and does not start', async () => {
    const dataDir = tmpDataDir();
    fs.writeFileSync(path.join(dataDir, 'livechat.json'), JSON.stringify({ server: { port: 'x' }, database: { dialect: 'oracle' } }));
    const res = await runCli(['start', '--no-checks'], { dataDir });
    expect(res.code).to.equal(2);
    expect(res.stderr).to.include('server.port');
    expect(res.stderr).to.include('database.dialect');
    expect(res.stderr).to.not.match(/\n\s+at /);
  });
});

describeEachDialect('livechat start with pending migrations', (dialect) => {
  let install: Installed;
  before(async () => {
    install = await installFixture(dialect);
    const db = install.open();
    await factories(db).user('super_admin', { email: 'boss@example.test' });
    await db.migrator.down({ step: 1 });
    await db.close();
  });
  after(() => install.cleanup());

  it('refuses to start without --migrate, and applies them with it', async function () {
    this.timeout(60_000);
    const port = await freePort();
    const refused = await runCli(['start', '--port', String(port), '--no-checks'], { dataDir: install.dataDir });
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.match(/pending.*livechat migrate up.*--migrate/s);

    const server = spawnCli(['start', '--port', String(port), '--migrate'], { dataDir: install.dataDir });
    try {
      await server.waitFor(/is running/);
      expect(server.output().stderr).to.match(/\[1\/1\] applying/);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).to.equal(200);
      await signedIn(`http://127.0.0.1:${port}`, 'boss@example.test', TEST_PASSWORD);
    } finally {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).to.equal(0);
    }
  });
});
