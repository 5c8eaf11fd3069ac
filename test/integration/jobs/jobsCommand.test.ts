import { expect } from 'chai';
import fs from 'node:fs';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { runCli } from '../../helpers/cli.js';
import { dataPaths } from '../../../lib/paths.js';

const JOBS = ['file-expiry', 'analytics-snapshot', 'session-cleanup', 'backup-database', 'backup-full', 'health', 'expire-sessions', 'scheduled-reports'];

describeEachDialect('livechat jobs', (dialect) => {
  let install: Installed;

  before(async () => {
    install = await installFixture(dialect, { jobs: { timezone: 'Europe/Paris', schedules: { 'backup-database': '15 4 * * *' } } });
  });
  after(async () => {
    await install.cleanup();
  });

  it('lists every job with its schedule (jobs.schedules applied) and where it runs', async () => {
    const human = await runCli(['jobs', 'list'], { dataDir: install.dataDir });
    expect(human.code, human.stderr).to.equal(0);
    for (const name of JOBS) expect(human.stdout).to.include(name);
    expect(human.stdout).to.match(/Schedules are in Europe\/Paris/);

    const json = await runCli(['jobs', 'list', '--json'], { dataDir: install.dataDir });
    const listed = json.json();
    expect(listed.timezone).to.equal('Europe/Paris');
    expect(listed.jobs.map((j: { name: string }) => j.name)).to.deep.equal(JOBS);
    const byName = Object.fromEntries(listed.jobs.map((j: { name: string }) => [j.name, j]));
    expect(byName['file-expiry']).to.include({ schedule: '0 3 * * *', runs: 'on one node' });
    expect(byName['backup-database'].schedule).to.equal('15 4 * * *');
    expect(byName.health.runs).to.equal('on every node');
  });

  it('refuses a bad --at and an unknown job with a clear message, changing nothing', async () => {
    const bad = await runCli(['jobs', 'run', 'analytics-snapshot', '--at', 'yesterday'], { dataDir: install.dataDir });
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.match(/--at must be a date and time/);
    const unknown = await runCli(['jobs', 'run', 'cleanup2'], { dataDir: install.dataDir });
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.match(/There is no job "cleanup2"\. The jobs are: file-expiry, analytics-snapshot/);
  });

  it('refuses an invalid schedule in jobs.schedules at start-up, naming the key', async () => {
    const file = dataPaths(install.dataDir).configFile;
    const saved = fs.readFileSync(file, 'utf8');
    try {
      const config = JSON.parse(saved);
      fs.writeFileSync(file, JSON.stringify({ ...config, jobs: { schedules: { health: 'every five minutes' } } }));
      const res = await runCli(['jobs', 'list'], { dataDir: install.dataDir });
      expect(res.code).to.equal(2);
      expect(res.stderr).to.match(/jobs\.schedules\.health: "every five minutes" is not a cron expression/);
    } finally {
      fs.writeFileSync(file, saved);
    }
  });
});
