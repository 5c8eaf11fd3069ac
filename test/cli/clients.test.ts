import { expect } from 'chai';
import { describeEachDialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { runCli } from '../helpers/cli.js';

const noStack = (stderr: string) => expect(stderr).to.not.match(/\n\s+at /);

describeEachDialect('livechat client and snippet', (dialect) => {
  let install: Installed;
  before(async () => {
    install = await installFixture(dialect);
  });
  after(() => install.cleanup());
  const cli = (...args: string[]) => runCli(args, { dataDir: install.dataDir });
  const count = async () => {
    const db = install.open();
    try {
      return await db.models.Client.count();
    } finally {
      await db.close();
    }
  };

  it('adds a website with its domains and settings, prints the snippet, and lists it', async () => {
    const res = await cli('client', 'add', '--name', 'Academic Help', '--domain', 'https://AcademicHelp.com/', '--domain', '*.help.example', '--color', '#112233', '--position', 'left', '--service-type', 'Essays,Editing', '--json');
    expect(res.code, res.stderr).to.equal(0);
    const client = res.json();
    expect(client.domains).to.deep.equal(['academichelp.com', '*.help.example']);
    expect(client.widgetSettings).to.include({ color: '#112233', position: 'left' });
    expect(client.widgetSettings.serviceTypes).to.deep.equal(['Essays', 'Editing']);
    expect(client.snippet).to.include(client.widgetKey);

    const human = await cli('client', 'add', '--name', 'Second', '--domain', 'second.example');
    expect(human.stdout).to.match(/Paste this just before <\/body>/);

    const list = (await cli('client', 'list', '--json')).json();
    expect(list.clients.map((c: { name: string }) => c.name)).to.deep.equal(['Academic Help', 'Second']);
    const table = await cli('client', 'list');
    expect(table.stdout).to.match(/NAME\s+DOMAINS/).and.to.include('academichelp.com');
  });

  it('prints one async script tag with the widget key and the public URL', async () => {
    const res = await cli('snippet', 'Academic Help');
    expect(res.code, res.stderr).to.equal(0);
    const tags = res.stdout.match(/<script[^>]*>/g) ?? [];
    expect(tags).to.have.length(1);
    expect(tags[0]).to.match(/^<script async src="http:\/\/localhost:3000\/widget\/loader\.js" data-livechat-key="[A-Za-z0-9_-]+">$/);
    const json = (await cli('snippet', 'Academic Help', '--json')).json();
    expect(res.stdout).to.include(json.widgetKey);
  });

  it('updates domains and settings by id, key or name, then disables and re-enables', async () => {
    const { clients } = (await cli('client', 'list', '--json')).json();
    const second = clients.find((c: { name: string }) => c.name === 'Second');
    const up = await cli('client', 'update', second.widgetKey, '--add-domain', 'www2.second.example', '--remove-domain', 'second.example', '--welcome', 'Hello!', '--json');
    expect(up.code, up.stderr).to.equal(0);
    expect(up.json().domains).to.deep.equal(['www2.second.example']);
    expect(up.json().widgetSettings.welcomeText).to.equal('Hello!');
    expect(up.json().widgetSettings.color).to.equal('#1f7aec');

    expect((await cli('client', 'disable', String(second.id))).code).to.equal(0);
    expect((await cli('client', 'list', '--json')).json().clients.map((c: { name: string }) => c.name)).to.not.include('Second');
    expect((await cli('client', 'list', '--all', '--json')).json().clients.map((c: { name: string }) => c.name)).to.include('Second');
    const refused = await cli('snippet', 'Second');
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.match(/disabled/);
    expect((await cli('client', 'update', 'Second', '--enable')).code).to.equal(0);
    expect((await cli('snippet', 'Second')).code).to.equal(0);
  });

  it('refuses bad input with one clear message, no stack trace, and stores nothing', async () => {
    const before = await count();
    for (const [args, message] of [
      [['client', 'add', '--name', 'X', '--domain', 'not a domain'], /host name/],
      [['client', 'add', '--name', '', '--domain', 'ok.example'], /name: must not be empty/],
      [['client', 'add', '--name', 'X', '--domain', 'ok.example', '--color', 'red'], /colour/],
      [['client', 'add', '--name', 'X', '--domain', 'ok.example', '--position', 'top'], /position/],
      [['client', 'update', 'no-such-site', '--name', 'Y'], /does not exist/],
      [['snippet', '999999'], /does not exist/],
    ] as const) {
      const res = await cli(...args);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).to.equal(1);
      expect(res.stderr).to.match(message);
      noStack(res.stderr);
    }
    const missing = await cli('client', 'add', '--name', 'X');
    expect(missing.code).to.not.equal(0);
    expect(missing.stderr).to.match(/--domain/);
    expect(await count()).to.equal(before);
  });
});
