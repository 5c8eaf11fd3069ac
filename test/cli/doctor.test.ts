import fs from 'node:fs';
import net from 'node:net';
import { expect } from 'chai';
import getPort from 'get-port';
import { SMTPServer } from 'smtp-server';
import { describeEachDialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { tmpDataDir } from '../helpers/tmp.js';
import { loadConfig, readJsonFile, writeConfigFile } from '../../lib/config/load.js';
import { dataPaths } from '../../lib/paths.js';
import { sqliteFile } from '../../lib/db/connection.js';
import { writePidFile } from '../../lib/cli/pidFile.js';
import { runChecks } from '../../lib/cli/doctor/runChecks.js';
import { judgeNodeVersion } from '../../lib/cli/doctor/checks/nodeVersion.js';
import type { ChecksReport, CheckOutcome } from '../../lib/cli/doctor/types.js';

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
    expect(human.stdout).to.match(/\d+ passed, [01] warning\(s\), 0 failed, 2 skipped/);
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

  it('fails when the data folder does not exist, but not for an install that will create it', async () => {
    const missing = `${tmpDataDir()}/not-there`;
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
});

describe('node version check', () => {
  it('accepts 20.19 and newer and refuses older', () => {
    expect(judgeNodeVersion('20.19.0').status).to.equal('pass');
    expect(judgeNodeVersion('22.1.0').status).to.equal('pass');
    expect(judgeNodeVersion('v20.18.3')).to.include({ status: 'fail' });
    expect(judgeNodeVersion('18.20.0').fix).to.contain('20.19');
  });
});
