import { expect } from 'chai';
import { describeEachDialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { runCli } from '../helpers/cli.js';
import { migrations } from '../../lib/db/migrations/index.js';

const names = migrations.map((m) => m.name);

describeEachDialect('livechat migrate', (dialect) => {
  let install: Installed;
  beforeEach(async () => {
    install = await installFixture(dialect);
  });
  afterEach(() => install.cleanup());

  const migrate = (...args: string[]) => runCli(['migrate', ...args], { dataDir: install.dataDir });

  it('reports a freshly installed schema as current, in JSON and as a table by default', async () => {
    const status = await migrate('status', '--json');
    expect(status.code, status.stderr).to.equal(0);
    expect(status.json()).to.deep.equal({ executed: names, pending: [], current: true });

    const human = await migrate();
    expect(human.code, human.stderr).to.equal(0);
    expect(human.stdout).to.match(/MIGRATION\s+STATE/);
    for (const name of names) expect(human.stdout).to.match(new RegExp(`${name}\\s+applied`));
    expect(human.stdout).to.contain('schema is current');
  });

  it('reverts, lists the pending ones and applies them again with a progress line each', async function () {
    this.timeout(120_000);
    const down = await migrate('down', '--json');
    expect(down.code, down.stderr).to.equal(0);
    expect(down.json().reverted).to.deep.equal([names.at(-1)]);

    const behind = (await migrate('status', '--json')).json();
    expect(behind).to.deep.equal({ executed: names.slice(0, -1), pending: names.slice(-1), current: false });

    const twoMore = await migrate('down', '--step', '2', '--json');
    expect(twoMore.code, twoMore.stderr).to.equal(0);
    expect(twoMore.json().reverted).to.deep.equal([names.at(-2), names.at(-3)]);
    expect(twoMore.stderr).to.contain(`[1/2] reverting ${names.at(-2)}`);

    const up = await migrate('up', '--json');
    expect(up.code, up.stderr).to.equal(0);
    const reverted = names.slice(-3);
    expect(up.json().applied).to.deep.equal(reverted);
    reverted.forEach((name, i) => expect(up.stderr).to.contain(`[${i + 1}/${reverted.length}] applying ${name}`));
    expect((await migrate('status', '--json')).json().current).to.equal(true);

    const again = await migrate('up', '--json');
    expect(again.json()).to.deep.equal({ applied: [] });
  });

  it('reverts everything with --all and rebuilds the schema with up', async function () {
    this.timeout(120_000);
    const all = await migrate('down', '--all', '--json');
    expect(all.code, all.stderr).to.equal(0);
    expect(all.json().reverted).to.deep.equal([...names].reverse());
    expect((await migrate('status', '--json')).json()).to.deep.equal({ executed: [], pending: names, current: false });

    const nothing = await migrate('down');
    expect(nothing.code).to.equal(0);
    expect(nothing.stdout).to.contain('Nothing to revert');

    const up = await migrate('up');
    expect(up.code, up.stderr).to.equal(0);
    expect(up.stderr).to.contain(`[1/${names.length}] applying ${names[0]}`);
    expect(up.stdout).to.contain(`Applied ${names.length} migration(s)`);
    const db = install.open();
    try {
      expect(await db.models.Client.count()).to.equal(0);
    } finally {
      await db.close();
    }
  });

  it('refuses a bad --step, --step with --all and an unknown action, without a stack trace and without reverting anything', async () => {
    for (const args of [['--step', '0'], ['--step', 'two'], ['--step', '1', '--all']]) {
      const res = await migrate('down', ...args);
      expect(res.code, args.join(' ')).to.equal(1);
      expect(res.stderr).to.match(/^error: .*(--step|--all)/m);
      expect(res.stderr).to.not.match(/\n\s+at /);
    }
    const unknown = await migrate('sideways');
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.contain('Unknown migrate action "sideways": use status, up or down.');
    expect((await migrate('status', '--json')).json().current).to.equal(true);
  });
});

describe('livechat migrate without a reachable database', () => {
  it('says which database it cannot reach and exits 1', async function () {
    const { tmpDataDir } = await import('../helpers/tmp.js');
    const { writeConfigFile } = await import('../../lib/config/load.js');
    const dataDir = tmpDataDir();
    writeConfigFile(dataDir, { database: { dialect: 'mysql', url: 'mysql://nobody:secret@127.0.0.1:1/none' } });
    const res = await runCli(['migrate', 'status'], { dataDir });
    expect(res.code).to.equal(1);
    expect(res.stderr).to.contain('Cannot reach the mysql database');
    expect(res.stderr).to.not.match(/\n\s+at /);
  });
});
