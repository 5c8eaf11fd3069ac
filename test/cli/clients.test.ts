import { expect } from 'chai';
import { widgetSettingsDTO } from '../../lib/presenters/widget.js';
import { describeEachDialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { eachAtOnce, expectUserError, runCli, type CliResult } from '../helpers/cli.js';
import { factories } from '../helpers/factories.js';

/** A user error: exit 1, one `error:` line on stderr that says what is wrong, no stack trace. */

describeEachDialect('livechat client and snippet', (dialect) => {
  // Each test runs several `livechat` processes one after another: well over 30 s on a loaded machine.
  beforeEach(function () {
    this.currentTest?.timeout(120_000);
  });
  let install: Installed;
  before(async () => {
    install = await installFixture(dialect);
  });
  after(() => install.cleanup());
  const cli = (...args: string[]) => runCli(args, { dataDir: install.dataDir });
  const withDb = async <T>(fn: (db: ReturnType<Installed['open']>) => Promise<T>) => {
    const db = install.open();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };
  const row = (name: string) => withDb((db) => db.models.Client.findOne({ where: { name } }));
  const names = (res: CliResult) => res.json().clients.map((c: { name: string }) => c.name);

  it('adds a website with its domains and settings, prints the snippet, and lists it', async () => {
    const res = await cli('client', 'add', '--name', 'Academic Help', '--domain', 'https://AcademicHelp.com/', '--domain', '*.help.example', '--color', '#112233', '--position', 'left', '--service-type', 'Essays,Editing', '--welcome', 'Hello there', '--json');
    expect(res.code, res.stderr).to.equal(0);
    const client = res.json();
    expect(client).to.include({ name: 'Academic Help', isActive: true });
    expect(client.id).to.be.a('number');
    expect(client.domains).to.deep.equal(['academichelp.com', '*.help.example']);
    expect(client.widgetSettings).to.include({ color: '#112233', position: 'left', welcomeText: 'Hello there' });
    expect(client.widgetSettings.serviceTypes).to.deep.equal(['Essays', 'Editing']);
    expect(client.snippet).to.include(client.widgetKey);

    const stored = await row('Academic Help');
    expect(stored!.widget_key).to.equal(client.widgetKey);
    expect(stored!.domains).to.deep.equal(['academichelp.com', '*.help.example']);
    expect(stored!.widget_settings).to.include({ color: '#112233', position: 'left', welcomeText: 'Hello there' });
    expect(Boolean(stored!.is_active)).to.equal(true);

    const human = await cli('client', 'add', '--name', 'Second', '--domain', 'second.example,www.second.example');
    expect(human.code, human.stderr).to.equal(0);
    const key = (await row('Second'))!.widget_key;
    expect(human.stdout).to.include(`widget key ${key}`).and.to.match(/Paste this just before <\/body>/).and.to.include(`data-livechat-key="${key}"`);
    expect((await row('Second'))!.domains).to.deep.equal(['second.example', 'www.second.example']);

    expect(names(await cli('client', 'list', '--json'))).to.deep.equal(['Academic Help', 'Second']);
    const table = await cli('client', 'list');
    expect(table.stdout).to.match(/^ID\s+NAME\s+DOMAINS\s+WIDGET KEY\s+ACTIVE\s+AGENTS$/m);
    expect(table.stdout).to.match(new RegExp(`Second\\s+second\\.example, www\\.second\\.example\\s+${key}\\s+yes\\s+0`));
  });

  it('counts the active agents of each website in the list', async () => {
    await withDb(async (db) => {
      const f = factories(db);
      const second = await row('Second');
      await f.user('agent', {}, [second!.id]);
      await f.user('agent', { is_active: false }, [second!.id]);
    });
    const { clients } = (await cli('client', 'list', '--json')).json();
    expect(clients.find((c: { name: string }) => c.name === 'Second').agents).to.equal(1);
    expect(clients.find((c: { name: string }) => c.name === 'Academic Help').agents).to.equal(0);
  });

  it('prints one async script tag with the widget key and the public URL, and nothing else', async () => {
    const key = (await row('Academic Help'))!.widget_key;
    for (const ref of ['Academic Help', key, String((await row('Academic Help'))!.id)]) {
      const res = await cli('snippet', ref);
      expect(res.code, res.stderr).to.equal(0);
      expect(res.stderr).to.equal('');
      const tags = res.stdout.match(/<script[^>]*>/g) ?? [];
      expect(tags).to.have.length(1);
      expect(tags[0]).to.equal(`<script async src="http://localhost:3000/widget/loader.js" data-livechat-key="${key}">`);
      expect(res.stdout.replace(/<!--[^]*?-->/g, '').trim()).to.equal(`${tags[0]}</script>`);
    }
    const json = (await cli('snippet', 'Academic Help', '--json')).json();
    expect(Object.keys(json).sort()).to.deep.equal(['client', 'snippet']);
    expect(json.client).to.include({ name: 'Academic Help', widgetKey: key, isActive: true });
    expect(json.snippet).to.include(`data-livechat-key="${key}"`).and.to.include('http://localhost:3000/widget/loader.js');
  });

  it('updates domains and settings by id, key or name; settings not given stay', async () => {
    const second = (await row('Second'))!;
    const up = await cli('client', 'update', second.widget_key, '--add-domain', 'new.second.example', '--remove-domain', 'HTTPS://Second.Example/', '--welcome', 'Hello!', '--json');
    expect(up.code, up.stderr).to.equal(0);
    expect(up.json().domains).to.deep.equal(['www.second.example', 'new.second.example']);
    expect(up.json().widgetSettings).to.include({ welcomeText: 'Hello!', color: '#1f7aec' });

    const renamed = await cli('client', 'update', String(second.id), '--name', 'Second Site', '--domain', 'only.example', '--color', '#000000');
    expect(renamed.code, renamed.stderr).to.equal(0);
    expect(renamed.stdout).to.match(/Updated website #\d+ "Second Site" \(only\.example\)/);
    const stored = (await withDb((db) => db.models.Client.findByPk(second.id)))!;
    expect(stored.name).to.equal('Second Site');
    expect(stored.domains).to.deep.equal(['only.example']);
    expect(stored.widget_settings).to.include({ welcomeText: 'Hello!', color: '#000000' });
    expect(stored.widget_key).to.equal(second.widget_key);
  });

  it('sets which lead form fields a visitor must fill in (--required-fields), the phone optional unless asked for', async () => {
    const second = (await row('Second Site'))!;
    const phone = await cli('client', 'update', String(second.id), '--required-fields', 'name, phone', '--json');
    expect(phone.code, phone.stderr).to.equal(0);
    expect(phone.json().widgetSettings.leadRequired).to.deep.equal({ name: true, email: false, phone: true });
    const none = await cli('client', 'update', String(second.id), '--required-fields', 'none');
    expect(none.code, none.stderr).to.equal(0);
    const stored = (await withDb((db) => db.models.Client.findByPk(second.id)))!;
    expect(stored.widget_settings.leadRequired).to.deep.equal({ name: false, email: false, phone: false });
    expect(stored.widget_settings).to.include({ welcomeText: 'Hello!' });
    const fax = await cli('client', 'update', String(second.id), '--required-fields', 'name,fax');
    expectUserError(fax, /--required-fields takes a comma-separated list of name, email, phone \(or "none"\); "fax" is not one of them/);
    expect((await withDb((db) => db.models.Client.findByPk(second.id)))!.widget_settings.leadRequired, 'unchanged').to.deep.equal({ name: false, email: false, phone: false });
  });

  it('sets the offline title and thanks text, the sound default and the logo, which the widget then gets', async () => {
    const site = (await row('Second Site'))!;
    const up = await cli('client', 'update', String(site.id), '--offline-title', 'We are away', '--offline-text', 'Leave a note.', '--offline-thanks', 'Thanks, we will call you.', '--no-sound', '--logo', 'https://cdn.example/logo.png', '--json');
    expect(up.code, up.stderr).to.equal(0);
    let stored = (await withDb((db) => db.models.Client.findByPk(site.id)))!;
    expect(stored.widget_settings).to.include({ offlineTitle: 'We are away', offlineText: 'Leave a note.', offlineThanks: 'Thanks, we will call you.', sound: false, color: '#000000' });
    expect(stored.logo).to.equal('https://cdn.example/logo.png');
    const widget = widgetSettingsDTO(stored, install.config.files);
    expect(widget).to.include({ offlineTitle: 'We are away', offlineThanks: 'Thanks, we will call you.', sound: false, logoUrl: 'https://cdn.example/logo.png' });

    expect((await cli('client', 'update', String(site.id), '--sound', '--no-logo')).code).to.equal(0);
    stored = (await withDb((db) => db.models.Client.findByPk(site.id)))!;
    expect(stored.widget_settings).to.include({ sound: true, offlineTitle: 'We are away' });
    expect(stored.logo).to.equal(null);
  });

  it('disables softly (history kept, snippet refused), lists with --all, and re-enables', async () => {
    const site = (await row('Second Site'))!;
    const chatId = await withDb(async (db) => {
      const f = factories(db);
      const visitor = await f.visitor(site.id);
      return (await f.chat(site.id, visitor.id)).id;
    });
    const res = await cli('client', 'disable', 'Second Site', '--json');
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json()).to.include({ id: site.id, isActive: false });
    const stored = await withDb(async (db) => ({ client: await db.models.Client.findByPk(site.id), chat: await db.models.Chat.findByPk(chatId) }));
    expect(Boolean(stored.client!.is_active)).to.equal(false);
    expect(stored.chat, 'its chats are kept').to.not.equal(null);

    expect((await cli('client', 'disable', String(site.id))).stdout).to.match(/Already disabled/);
    expect(names(await cli('client', 'list', '--json'))).to.not.include('Second Site');
    expect(names(await cli('client', 'list', '--all', '--json'))).to.include('Second Site');
    expect((await cli('client', 'list', '--all')).stdout).to.match(/Second Site.*\bno\b/);
    expectUserError(await cli('snippet', 'Second Site'), /"Second Site" is disabled.*--enable/, 'snippet of a disabled website');

    expect((await cli('client', 'update', 'Second Site', '--enable')).code).to.equal(0);
    expect(Boolean((await withDb((db) => db.models.Client.findByPk(site.id)))!.is_active)).to.equal(true);
    expect((await cli('snippet', 'Second Site')).code).to.equal(0);
  });

  it('refuses bad input with one clear message, no stack trace, and stores nothing', async () => {
    const snapshot = () => withDb(async (db) => (await db.models.Client.findAll({ order: [['id', 'ASC']] })).map((c) => JSON.stringify(c.toJSON())));
    const before = await snapshot();
    const cases = [
      [['client', 'add', '--name', 'X', '--domain', 'not a domain'], /domains\.0: must be a host name/],
      [['client', 'add', '--name', 'X', '--domain', 'ok.example', '--domain', 'bad_domain!'], /domains\.1: must be a host name/],
      [['client', 'add', '--name', '', '--domain', 'ok.example'], /name: must not be empty/],
      [['client', 'add', '--name', '   ', '--domain', 'ok.example'], /name: must not be empty/],
      [['client', 'add', '--name', 'X', '--domain', 'ok.example', '--color', 'red'], /colour/],
      [['client', 'add', '--name', 'X', '--domain', 'ok.example', '--position', 'top'], /position/],
      [['client', 'add', '--name', 'X'], /required option '--domain/],
      [['client', 'update', 'no-such-site', '--name', 'Y'], /client "no-such-site" does not exist/],
      [['client', 'update', 'Academic Help'], /Nothing to change/],
      [['client', 'update', 'Academic Help', '--domain', 'not a domain'], /must be a host name/],
      [['client', 'update', 'Academic Help', '--remove-domain', 'elsewhere.example'], /elsewhere\.example is not a domain of "Academic Help"/],
      [['client', 'update', 'Academic Help', '--remove-domain', 'academichelp.com', '--remove-domain', '*.help.example'], /at least one domain/],
      [['client', 'update', 'Academic Help', '--name', ''], /name/],
      [['client', 'update', 'Academic Help', '--logo', 'http://insecure.example/logo.png'], /logo: must be an https:\/\/ address or a path on livechat/],
      [['client', 'update', 'Academic Help', '--offline-title', 'x'.repeat(121)], /offlineTitle/],
      [['client', 'disable', '999999'], /does not exist/],
      [['snippet', '999999'], /does not exist/],
    ] as const;
    const results = await eachAtOnce(cases, ([args]) => cli(...args));
    cases.forEach(([args, message], i) => expectUserError(results[i], message, args.join(' ')));
    expect(await snapshot()).to.deep.equal(before);
  });

  it('refuses a name shared by two websites as a reference, and warns when the second is added', async () => {
    const twin = await cli('client', 'add', '--name', 'Academic Help', '--domain', 'twin.example');
    expect(twin.code, twin.stderr).to.equal(0);
    expect(twin.stderr).to.match(/warning: 2 websites are now named "Academic Help"/);
    expectUserError(await cli('snippet', 'Academic Help'), /2 clients are named "Academic Help".*id or the widget key/, 'ambiguous name');
    const key = (await withDb((db) => db.models.Client.findOne({ where: { name: 'Academic Help' }, order: [['id', 'ASC']] })))!.widget_key;
    expect((await cli('snippet', key)).stdout).to.include(key);
  });
});
