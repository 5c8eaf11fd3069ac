import fs from 'node:fs';
import net from 'node:net';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import getPort from 'get-port';
import { SMTPServer } from 'smtp-server';
import { describeEachDialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { tmpDataDir } from '../helpers/tmp.js';
import { factories } from '../helpers/factories.js';
import { loadConfig, readJsonFile, writeConfigFile } from '../../lib/config/load.js';
import { dataPaths } from '../../lib/paths.js';
import { sqliteFile } from '../../lib/db/connection.js';
import { writePidFile } from '../../lib/cli/pidFile.js';
import { runChecks } from '../../lib/cli/doctor/runChecks.js';
import { judgeNodeVersion } from '../../lib/cli/doctor/checks/nodeVersion.js';
import type { ChecksReport, CheckOutcome } from '../../lib/cli/doctor/types.js';
import { judgeServerSettings, MARIADB_TEMPLATE, MIN_BUFFER_POOL_BYTES, MIN_REDO_BYTES } from '../../lib/cli/doctor/checks/databaseSettings.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

/** A fresh install on a free port, so the port check does not depend on what else runs here. */
async function freshInstall(dialect: 'sqlite' | 'mysql', extra: Record<string, unknown> = {}) {
  return installFixture(dialect, { server: { port: await getPort() }, ...extra });
}

function patchConfig(dataDir: string, patch: (layer: Record<string, any>) => void) {
  const layer = readJsonFile(dataPaths(dataDir).configFile) as Record<string, any>;
  patch(layer);
  writeConfigFile(dataDir, layer);
}

const doctor = (dataDir: string, ...args: string[]) => runCli(['doctor', '--json', ...args], { dataDir });

function check(res: CliResult, id: string): CheckOutcome {
  const found = res.json<ChecksReport>().checks.find((c) => c.id === id);
  if (!found) throw new Error(`no "${id}" check in:\n${res.stdout}`);
  return found;
}

const noStackTrace = (res: CliResult) => expect(res.stderr).to.not.match(/\n\s+at /);

describeEachDialect('livechat doctor', (dialect) => {
  let install: Installed;
  beforeEach(async () => {
    install = await freshInstall(dialect);
  });
  afterEach(() => install.cleanup());

  it('passes every check on a fresh install and exits 0', async () => {
    const res = await doctor(install.dataDir);
    expect(res.code, res.stderr).to.equal(0);
    const report = res.json<ChecksReport>();
    expect(report.ok).to.equal(true);
    expect(report.checks.filter((c) => c.status === 'fail'), res.stdout).to.deep.equal([]);
    for (const id of ['node-version', 'config', 'data-folder', 'storage', 'database', 'migrations', 'port']) expect(check(res, id).status, id).to.equal('pass');
    // A build machine may well have less than 10 GB free: that is a true warning, not a broken install.
    expect(check(res, 'disk-space').status).to.be.oneOf(['pass', 'warn']);
    expect(check(res, 'redis').status).to.equal('skip');
    expect(check(res, 'smtp').status).to.equal('skip');

    const human = await runCli(['doctor'], { dataDir: install.dataDir });
    expect(human.code).to.equal(0);
    expect(human.stdout).to.match(/STATUS\s+CHECK\s+MESSAGE\s+FIX/);
    expect(human.stdout).to.match(/ok\s+Database reachable/);
    // SQLite has no server settings to read; a MariaDB on its defaults gets a tuning warning.
    expect(human.stdout).to.match(dialect === 'sqlite' ? /\d+ passed, [01] warning\(s\), 0 failed, 3 skipped/ : /\d+ passed, [0-2] warning\(s\), 0 failed, 2 skipped/);
  });

  it('reads the database server settings that matter under load and names the template that fixes them', async () => {
    const res = await doctor(install.dataDir);
    const settings = check(res, 'database-settings');
    if (dialect === 'sqlite') {
      expect(settings.status).to.equal('skip');
      expect(settings.message).to.contain('SQLite');
      return;
    }
    // What the running server has, read here on a connection of the test's own.
    const db = install.open();
    const [live] = await db.sequelize.query<{ redo: string; pool: string; flush: string }>('SELECT @@innodb_log_file_size AS redo, @@innodb_buffer_pool_size AS pool, @@innodb_flush_log_at_trx_commit AS flush', { type: QueryTypes.SELECT });
    await db.close();
    const mb = (v: string) => Number(v) / 1024 / 1024;
    const expected = Number(live.flush) !== 1 ? 'fail' : Number(live.redo) < MIN_REDO_BYTES || Number(live.pool) < MIN_BUFFER_POOL_BYTES ? 'warn' : 'pass';
    expect(settings.status, settings.message).to.equal(expected);
    if (expected !== 'fail') {
      const sizes = settings.message.match(/redo log ([\d.]+) (MB|GB), buffer pool ([\d.]+) (MB|GB)/);
      expect(sizes, settings.message).to.not.equal(null);
      const inMb = (n: string, unit: string) => Number(n) * (unit === 'GB' ? 1024 : 1);
      expect(inMb(sizes![1], sizes![2])).to.be.closeTo(mb(live.redo), mb(live.redo) * 0.05 + 1);
      expect(inMb(sizes![3], sizes![4])).to.be.closeTo(mb(live.pool), mb(live.pool) * 0.05 + 1);
    }
    if (expected !== 'pass') expect(settings.fix).to.contain(MARIADB_TEMPLATE);
    // A tuning warning is advice: it does not make doctor exit non-zero.
    if (expected === 'warn') expect(res.code, res.stdout).to.equal(0);
  });

  it('fails on pending migrations, naming the fix', async () => {
    expect((await runCli(['migrate', 'down'], { dataDir: install.dataDir })).code).to.equal(0);
    const res = await doctor(install.dataDir);
    expect(res.code).to.equal(1);
    const migrations = check(res, 'migrations');
    expect(migrations.status).to.equal('fail');
    expect(migrations.message).to.match(/1 migration\(s\) pending: \d+-/);
    expect(migrations.fix).to.contain('livechat migrate up');
    expect(check(res, 'database').status).to.equal('pass');
    expect(res.stderr).to.contain('1 check(s) failed: Database schema current');
    noStackTrace(res);
  });

  it('fails and names the database check when the database cannot be used', async () => {
    if (dialect === 'mysql') {
      patchConfig(install.dataDir, (layer) => {
        const url = new URL(layer.database.url);
        url.password = 'wrong-password';
        layer.database.url = url.toString();
      });
    } else {
      // Tests run as root here, so chmod cannot make the file unreadable: garbage makes it unusable instead.
      const file = sqliteFile(install.config.database, install.dataDir);
      for (const extra of ['-wal', '-shm']) fs.rmSync(file + extra, { force: true });
      fs.writeFileSync(file, 'this is not a SQLite database, it is a text file that was copied over it by mistake');
    }
    const res = await doctor(install.dataDir);
    expect(res.code).to.equal(1);
    const database = check(res, 'database');
    expect(database.status).to.equal('fail');
    expect(database.message).to.match(dialect === 'mysql' ? /cannot reach MySQL .*Access denied/ : /cannot reach SQLite .*not a database/);
    expect(database.message).to.not.contain('wrong-password');
    expect(database.fix).to.contain('livechat.json');
    expect(check(res, 'migrations').status).to.equal('skip');

    const human = await runCli(['doctor'], { dataDir: install.dataDir });
    expect(human.code).to.equal(1);
    expect(human.stdout).to.match(/FAIL\s+Database reachable/);
    expect(human.stderr).to.contain('check(s) failed: Database reachable');
    noStackTrace(human);
  });

  it('runs the start checks in-process for `livechat start`, leaving migrations out when asked', async () => {
    const config = loadConfig({ flags: { dataDir: install.dataDir }, env: {} });
    const ok = await runChecks('start', { config, dataDir: install.dataDir });
    expect(ok.ok, JSON.stringify(ok.checks)).to.equal(true);
    expect(ok.checks.map((c) => c.id)).to.include.members(['database', 'migrations', 'port']).and.not.include('smtp');

    const db = install.open();
    await db.migrator.down();
    await db.close();
    const behind = await runChecks('start', { config, dataDir: install.dataDir });
    expect(behind.ok).to.equal(false);
    expect(behind.checks.find((c) => c.id === 'migrations')?.status).to.equal('fail');
    const migrating = await runChecks('start', { config, dataDir: install.dataDir, skip: ['migrations'] });
    expect(migrating.ok).to.equal(true);
  });
});

describe('livechat doctor: configuration, files and port', () => {
  let install: Installed;
  beforeEach(async () => {
    install = await freshInstall('sqlite');
  });
  afterEach(() => install.cleanup());

  it('lists every problem of an invalid config and skips what needs it, without crashing', async () => {
    patchConfig(install.dataDir, (layer) => {
      layer.publicUrl = 'ftp://chat.example.com';
      layer.server.port = 'eighty';
      layer.database.dialect = 'oracle';
    });
    const res = await doctor(install.dataDir);
    expect(res.code).to.equal(1);
    const config = check(res, 'config');
    expect(config.status).to.equal('fail');
    expect(config.message).to.contain('3 problem(s)');
    for (const key of ['publicUrl', 'server.port', 'database.dialect']) expect(config.message).to.contain(key);
    for (const id of ['database', 'migrations', 'redis', 'smtp', 'port']) expect(check(res, id).status, id).to.equal('skip');
    expect(check(res, 'data-folder').status).to.equal('pass');
    noStackTrace(res);
  });

  it('warns when the config file is readable by other users and says how to fix it', async () => {
    const file = dataPaths(install.dataDir).configFile;
    fs.chmodSync(file, 0o644);
    const res = await doctor(install.dataDir);
    expect(res.code, res.stdout).to.equal(0);
    const folder = check(res, 'data-folder');
    expect(folder.status).to.equal('warn');
    expect(folder.message).to.contain('mode 644');
    expect(folder.fix).to.equal(`chmod 600 ${file}`);
  });

  it('warns about a file in the data folder that other users can read, naming it and the chmod that fixes it', async () => {
    // This block's install is on SQLite: its database file, which SQLite used to make 0644.
    const file = sqliteFile(install.config.database, install.dataDir);
    fs.chmodSync(file, 0o644);
    const res = await doctor(install.dataDir);
    expect(res.code, res.stdout).to.equal(0);
    const storage = check(res, 'storage');
    expect(storage.status).to.equal('warn');
    expect(storage.message).to.match(/1 file\(s\) in the data folder can be read by other users/);
    expect(storage.message).to.contain(file);
    expect(storage.fix).to.equal(`chmod 600 ${file}`);

    fs.chmodSync(file, 0o600);
    expect(check(await doctor(install.dataDir), 'storage').status).to.equal('pass');
  });

  it('fails when the data folder does not exist, but not for an install that will create it', async () => {
    const freePortForMissing = await getPort();
    const missing = `${tmpDataDir()}/not-there`;
    // No config file there, so the port would be the default 3000, which may be taken on this machine.
    const doctor = (dataDir: string, ...args: string[]) => runCli(['doctor', '--json', ...args], { dataDir, env: { LIVECHAT_PORT: String(freePortForMissing) } });
    const res = await doctor(missing);
    expect(res.code).to.equal(1);
    expect(check(res, 'data-folder').status).to.equal('fail');
    expect(check(res, 'data-folder').fix).to.contain('livechat install');
    const forInstall = await doctor(missing, '--category', 'install');
    expect(forInstall.code, forInstall.stdout).to.equal(0);
    expect(check(forInstall, 'data-folder').message).to.contain('will be created');
    expect(fs.existsSync(missing), 'doctor created the data folder').to.equal(false);
  });

  it('warns about files in storage/ that every user can write', async () => {
    const avatars = dataPaths(install.dataDir).avatars;
    fs.mkdirSync(avatars, { recursive: true, mode: 0o750 });
    fs.writeFileSync(`${avatars}/1.png`, 'png');
    fs.chmodSync(`${avatars}/1.png`, 0o666);
    const res = await doctor(install.dataDir);
    const storage = check(res, 'storage');
    expect(storage.status).to.equal('warn');
    expect(storage.message).to.contain('1.png');
    expect(storage.fix).to.contain('chmod -R o-w');
  });

  it('fails when another program holds the port, and accepts this install\'s own running server', async () => {
    const port = install.config.server.port;
    const other = net.createServer();
    await new Promise<void>((resolve) => other.listen(port, '0.0.0.0', resolve));
    try {
      const taken = await doctor(install.dataDir);
      expect(taken.code).to.equal(1);
      expect(check(taken, 'port')).to.include({ status: 'fail' });
      expect(check(taken, 'port').message).to.contain('in use by another program');

      // This test process stands in for the running server: alive, and recorded in the pid file.
      writePidFile(install.dataDir, { pid: process.pid, url: `http://localhost:${port}`, port, version: '0.1.0', startedAt: new Date().toISOString() });
      const own = await doctor(install.dataDir);
      expect(own.code, own.stdout).to.equal(0);
      expect(check(own, 'port').message).to.contain(`held by this install's running server (pid ${process.pid})`);
      const beforeStart = await doctor(install.dataDir, '--category', 'start');
      expect(beforeStart.code).to.equal(1);
      expect(check(beforeStart, 'port').message).to.contain('already running');
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('refuses an unknown category', async () => {
    const res = await runCli(['doctor', '--category', 'upgrade'], { dataDir: install.dataDir });
    expect(res.code).to.not.equal(0);
    expect(res.stderr).to.contain('Allowed choices are doctor, start, install');
  });
});

describe('livechat doctor: Redis and SMTP', () => {
  let install: Installed;
  beforeEach(async () => {
    install = await freshInstall('sqlite');
  });
  afterEach(() => install.cleanup());

  it('passes against the local Redis', async () => {
    patchConfig(install.dataDir, (layer) => (layer.redis = { url: REDIS_URL }));
    const res = await doctor(install.dataDir);
    expect(res.code, res.stdout).to.equal(0);
    expect(check(res, 'redis')).to.include({ status: 'pass' });
    expect(check(res, 'redis').message).to.contain('PONG');
  });

  it('fails against a closed port, quickly, with the fix', async () => {
    const closed = await getPort();
    patchConfig(install.dataDir, (layer) => (layer.redis = { url: `redis://:hunter2@127.0.0.1:${closed}` }));
    const started = Date.now();
    const res = await doctor(install.dataDir);
    expect(Date.now() - started).to.be.below(15_000);
    expect(res.code).to.equal(1);
    const redis = check(res, 'redis');
    expect(redis.status).to.equal('fail');
    expect(redis.message).to.contain(`127.0.0.1:${closed}`).and.not.contain('hunter2');
    expect(redis.fix).to.contain('redis.url');
  });

  it('verifies a real SMTP server, and fails when nothing listens', async () => {
    const port = await getPort();
    const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false });
    await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
    try {
      patchConfig(install.dataDir, (layer) => (layer.smtp = { url: `smtp://127.0.0.1:${port}` }));
      const res = await doctor(install.dataDir);
      expect(res.code, res.stdout).to.equal(0);
      expect(check(res, 'smtp')).to.include({ status: 'pass' });
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
    const closed = await doctor(install.dataDir);
    expect(closed.code).to.equal(1);
    expect(check(closed, 'smtp').status).to.equal('fail');
    expect(check(closed, 'smtp').message).to.contain('ECONNREFUSED');
  });

  it('warns when no SMTP is configured while a website\'s offline form promises an answer by e-mail, naming it and the fix', async () => {
    const fresh = await doctor(install.dataDir);
    expect(check(fresh, 'mail-promise').status, 'no website yet').to.equal('pass');
    const db = install.open();
    await factories(db).client({ name: 'Shop' });
    await db.close();
    const res = await doctor(install.dataDir);
    expect(res.code, 'a warning, not a failure').to.equal(0);
    const promise = check(res, 'mail-promise');
    expect(promise.status).to.equal('warn');
    expect(promise.message).to.contain('"Shop"').and.to.contain('smtp.url');
    expect(promise.fix).to.contain('livechat mail test --to');
    patchConfig(install.dataDir, (layer) => (layer.smtp = { url: 'smtp://127.0.0.1:2525' }));
    expect(check(await doctor(install.dataDir), 'mail-promise').status).to.equal('pass');
  });
});

describe('database settings check', () => {
  const durable = { innodb_flush_log_at_trx_commit: '1', log_bin: 'OFF', sync_binlog: '0', innodb_buffer_pool_size: String(1024 ** 3) };

  it('fails when acked messages could be lost in a crash: the log not flushed at each commit, or a binary log not synced', () => {
    const lazy = judgeServerSettings({ ...durable, innodb_flush_log_at_trx_commit: '2', innodb_log_file_size: String(1024 ** 3) });
    expect(lazy.status).to.equal('fail');
    expect(lazy.message).to.contain('innodb_flush_log_at_trx_commit is 2');
    expect(lazy.fix).to.contain(MARIADB_TEMPLATE);
    const binlog = judgeServerSettings({ ...durable, log_bin: 'ON', sync_binlog: '0', innodb_log_file_size: String(1024 ** 3) });
    expect(binlog.status).to.equal('fail');
    expect(binlog.message).to.contain('sync_binlog 0');
    expect(judgeServerSettings({ ...durable, log_bin: 'ON', sync_binlog: '1', innodb_log_file_size: String(1024 ** 3) }).status).to.equal('pass');
  });

  it("warns about MariaDB's default 96 MB redo log and a small buffer pool, and reads MySQL 8's redo capacity", () => {
    const defaults = judgeServerSettings({ ...durable, innodb_log_file_size: String(96 * 1024 ** 2), innodb_buffer_pool_size: String(128 * 1024 ** 2) });
    expect(defaults.status).to.equal('warn');
    expect(defaults.message).to.match(/^redo log 96 MB, buffer pool 128 MB, log flushed at every commit: a redo log of 96 MB .*; a buffer pool of 128 MB/);
    const mysql8 = judgeServerSettings({ ...durable, innodb_log_file_size: String(48 * 1024 ** 2), innodb_log_files_in_group: '2', innodb_redo_log_capacity: String(2 * 1024 ** 3) });
    expect(mysql8).to.deep.equal({ status: 'pass', message: 'redo log 2.0 GB, buffer pool 1.0 GB, log flushed at every commit' });
    // Before 8.0.30: the log files of the group together.
    expect(judgeServerSettings({ ...durable, innodb_log_file_size: String(256 * 1024 ** 2), innodb_log_files_in_group: '2' }).status).to.equal('pass');
  });

  it('passes the settings of the MariaDB template that its fix names', () => {
    const units: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
    const settings: Record<string, string> = {};
    for (const line of fs.readFileSync(MARIADB_TEMPLATE, 'utf8').split('\n')) {
      const m = line.match(/^\s*(\w+)\s*=\s*(\S+)/);
      if (m) settings[m[1]] = /^\d+[KMG]$/.test(m[2]) ? String(Number(m[2].slice(0, -1)) * units[m[2].slice(-1)]) : m[2];
    }
    expect(settings.innodb_flush_log_at_trx_commit).to.equal('1');
    expect(judgeServerSettings({ ...settings, log_bin: 'ON' })).to.deep.include({ status: 'pass' });
  });
});

describe('node version check', () => {
  it('accepts 20.19 and newer and refuses older', () => {
    expect(judgeNodeVersion('20.19.0').status).to.equal('pass');
    expect(judgeNodeVersion('22.1.0').status).to.equal('pass');
    expect(judgeNodeVersion('v20.18.3')).to.include({ status: 'fail' });
    expect(judgeNodeVersion('18.20.0').fix).to.contain('20.19');
  });
});
