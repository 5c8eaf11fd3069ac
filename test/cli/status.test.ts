import fs from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'chai';
import getPort from 'get-port';
import { describeEachDialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { runCli, livechatBin } from '../helpers/cli.js';
import { readJsonFile, writeConfigFile } from '../../lib/config/load.js';
import { dataPaths } from '../../lib/paths.js';
import { sqliteFile } from '../../lib/db/connection.js';
import { readPidFile, writePidFile } from '../../lib/cli/pidFile.js';
import { version } from '../../lib/version.js';
import { waitFor as waitForCondition } from '../helpers/wait.js';

/** The pid of a process that has just exited: what a crashed server leaves in its pid file. */
function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  return new Promise((resolve) => child.on('exit', () => resolve(child.pid as number)));
}

const waitFor = <T>(what: string, probe: () => T | null, timeoutMs = 30_000) => waitForCondition(what, probe, timeoutMs, 100);

describeEachDialect('livechat status', (dialect) => {
  let install: Installed;
  beforeEach(async () => {
    install = await installFixture(dialect);
  });
  afterEach(() => install.cleanup());

  const status = (...args: string[]) => runCli(['status', ...args], { dataDir: install.dataDir });

  it('says the server is not running and counts active clients, agents and open chats', async () => {
    const db = install.open();
    try {
      const { Client, User, Visitor, Chat } = db.models;
      const client = await Client.create({ name: 'Shop', widget_key: 'k-status', domains: ['shop.test'], widget_settings: {} as never });
      await Client.create({ name: 'Old shop', widget_key: 'k-old', domains: ['old.test'], widget_settings: {} as never, is_active: false });
      const agent = { password_hash: 'x', role: 'agent' as const, push_subscriptions: [], preferences: {} };
      await User.create({ ...agent, name: 'Ann', email: 'ann@example.com', pseudo_name: 'Ann', status: 'online' });
      await User.create({ ...agent, name: 'Bob', email: 'bob@example.com', pseudo_name: 'Bob' });
      await User.create({ ...agent, name: 'Cy', email: 'cy@example.com', pseudo_name: 'Cy', is_active: false });
      const visitor = await Visitor.create({ client_id: client.id, visitor_key: 'v-status' });
      for (const s of ['waiting', 'active', 'active', 'closed', 'offline'] as const) await Chat.create({ client_id: client.id, visitor_id: visitor.id, status: s });
    } finally {
      await db.close();
    }

    const res = await status('--json');
    expect(res.code, res.stderr).to.equal(0);
    const body = res.json();
    expect(body).to.include({ running: false, pid: null, url: null, removedPidFile: null });
    expect(body.database).to.deep.equal({ dialect, pendingMigrations: 0 });
    expect(body.counts).to.deep.equal({ activeClients: 1, activeAgents: 2, onlineAgents: 1, openChats: 3 });

    const human = await status();
    expect(human.code).to.equal(0);
    expect(human.stdout).to.contain('livechat is not running.');
    expect(human.stdout).to.match(/clients:\s+1 active/);
    expect(human.stdout).to.match(/chats:\s+3 open/);
  });

  it('reports and removes a stale pid file left by a crashed server', async () => {
    const pid = await deadPid();
    const port = await getPort();
    writePidFile(install.dataDir, { pid, url: `http://localhost:${port}`, port, version, startedAt: new Date().toISOString() });
    const res = await status('--json');
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json()).to.include({ running: false, pid });
    expect(res.json().removedPidFile).to.match(new RegExp(`process ${pid} is not running \\(stale pid file\\)`));
    expect(fs.existsSync(dataPaths(install.dataDir).pidFile)).to.equal(false);

    fs.writeFileSync(dataPaths(install.dataDir).pidFile, '{"pid": "twelve"');
    const invalid = await status();
    expect(invalid.code).to.equal(0);
    expect(invalid.stderr).to.contain('removed the pid file: the pid file was not valid');
    expect(fs.existsSync(dataPaths(install.dataDir).pidFile)).to.equal(false);
  });

  it('reports the URL, version and uptime of the server recorded in the pid file', async () => {
    // The test process stands in for a server that started 2 hours and 5 minutes ago.
    const startedAt = new Date(Date.now() - (2 * 3600 + 5 * 60) * 1000).toISOString();
    const port = await getPort();
    writePidFile(install.dataDir, { pid: process.pid, url: `http://localhost:${port}`, port, version: '9.9.9', startedAt });
    const res = await status('--json');
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json()).to.include({ running: true, pid: process.pid, url: `http://localhost:${port}`, port, version: '9.9.9', startedAt });
    expect(res.json().uptimeSeconds).to.be.within(7500, 7560);
    const human = await status();
    expect(human.stdout).to.contain(`livechat is running (pid ${process.pid}).`);
    expect(human.stdout).to.match(/uptime:\s+2h 5m/);
    expect(fs.existsSync(dataPaths(install.dataDir).pidFile)).to.equal(true);
  });

  it('exits 1 with a clear message when the database cannot be reached, and creates nothing', async () => {
    if (dialect === 'mysql') {
      const file = dataPaths(install.dataDir).configFile;
      const layer = readJsonFile(file) as Record<string, any>;
      const url = new URL(layer.database.url);
      url.password = 'wrong-password';
      layer.database.url = url.toString();
      writeConfigFile(install.dataDir, layer);
    } else {
      fs.rmSync(sqliteFile(install.config.database, install.dataDir));
    }
    const res = await status('--json');
    expect(res.code).to.equal(1);
    expect(res.stdout).to.equal('');
    expect(res.stderr).to.match(dialect === 'mysql' ? /^error: cannot reach MySQL .*Access denied/ : /^error: SQLite .* does not exist/);
    expect(res.stderr).to.contain('livechat doctor').and.not.contain('wrong-password');
    expect(res.stderr).to.not.match(/\n\s+at /);
    if (dialect === 'sqlite') expect(fs.existsSync(sqliteFile(install.config.database, install.dataDir))).to.equal(false);
  });

  it('reports pending migrations instead of counting on a schema that is behind', async () => {
    const db = install.open();
    await db.migrator.down();
    await db.close();
    const res = await status('--json');
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json().database.pendingMigrations).to.equal(1);
    expect(res.json().counts).to.equal(null);
    expect((await status()).stdout).to.contain('1 migration(s) pending: run `livechat migrate up`');
  });
});

describe('livechat status with a running server', () => {
  let install: Installed;
  let server: ChildProcess | null = null;
  before(async () => {
    install = await installFixture('sqlite', { server: { port: await getPort(), host: '127.0.0.1' } });
  });
  after(async () => {
    server?.kill('SIGKILL');
    await install.cleanup();
  });

  it('finds the server `livechat start` runs, and no longer once it stopped', async function () {
    this.timeout(60_000);
    server = spawn(process.execPath, [livechatBin, 'start', '--data-dir', install.dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LIVECHAT_LOG_LEVEL: 'warn' } });
    const output: string[] = [];
    server.stdout?.on('data', (d) => output.push(String(d)));
    server.stderr?.on('data', (d) => output.push(String(d)));
    const exited = new Promise((resolve) => server?.on('exit', resolve));
    const info = await waitFor(`the pid file (server output: ${output.join('')})`, () => readPidFile(install.dataDir));

    const res = await runCli(['status', '--json'], { dataDir: install.dataDir });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json()).to.include({ running: true, pid: server.pid, url: info.url, port: install.config.server.port, version });
    expect(res.json().uptimeSeconds).to.be.within(0, 60);

    server.kill('SIGTERM');
    await exited;
    const after = await runCli(['status', '--json'], { dataDir: install.dataDir });
    expect(after.json()).to.include({ running: false, removedPidFile: null });
  });
});
