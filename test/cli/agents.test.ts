import { expect } from 'chai';
import bcrypt from 'bcryptjs';
import { describeEachDialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { eachAtOnce, expectUserError, runCli, type CliResult } from '../helpers/cli.js';
import { factories } from '../helpers/factories.js';

/** A user error: exit 1, one `error:` line on stderr that says what is wrong, no stack trace. */

describeEachDialect('livechat agent', (dialect) => {
  let install: Installed;
  let shop: number;
  let blog: number;
  before(async () => {
    install = await installFixture(dialect);
    const db = install.open();
    const f = factories(db);
    shop = (await f.client({ name: 'Shop' })).id;
    blog = (await f.client({ name: 'Blog', widget_key: 'blog-key-123' })).id;
    await f.user('super_admin', { email: 'root@example.test' });
    await db.close();
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
  const userByEmail = (email: string) => withDb((db) => db.models.User.findOne({ where: { email } }));
  const linksOf = (userId: number) => withDb(async (db) => (await db.models.ClientAgent.findAll({ where: { user_id: userId } })).map((l) => l.client_id).sort());
  const emails = (res: CliResult) => res.json().agents.map((a: { email: string }) => a.email);
  const addSession = (userId: number, tag: string) =>
    withDb((db) => db.models.Session.create({ user_id: userId, token_hash: tag.repeat(64).slice(0, 64), csrf_token: 'c', expires_at: new Date(Date.now() + 3600_000) }));
  const sessionsOf = (userId: number) => withDb((db) => db.models.Session.count({ where: { user_id: userId } }));

  it('adds an agent for websites with a one-time password printed once, and lists them by website', async () => {
    const res = await cli('agent', 'add', '--email', 'Ann@Example.test', '--name', 'Ann Lee', '--clients', 'Shop,blog-key-123', '--json');
    expect(res.code, res.stderr).to.equal(0);
    const out = res.json();
    expect(out).to.include({ email: 'ann@example.test', name: 'Ann Lee', pseudoName: 'Ann', role: 'agent', isActive: true });
    expect(out.clientIds).to.have.members([shop, blog]);
    const user = await userByEmail('ann@example.test');
    expect(user!.role).to.equal('agent');
    expect(await bcrypt.compare(out.oneTimePassword, user!.password_hash)).to.equal(true);
    expect(await linksOf(user!.id)).to.deep.equal([shop, blog].sort());

    const human = await cli('agent', 'add', '--email', 'cy@example.test', '--name', 'Cy Young', '--pseudo-name', 'Cyril', '--clients', String(shop));
    expect(human.code, human.stderr).to.equal(0);
    expect(human.stdout).to.match(/Added agent #\d+ cy@example\.test \("Cyril" in chats\)/).and.to.match(/Answers: Shop\./);
    const [, printed] = human.stdout.match(/One-time password: (\S+) +\(shown only now/) ?? [];
    expect(await bcrypt.compare(printed, (await userByEmail('cy@example.test'))!.password_hash)).to.equal(true);

    const given = await cli('agent', 'add', '--email', 'mo@example.test', '--name', 'Mo', '--role', 'manager', '--password', 'mo-password-1', '--json');
    expect(given.code, given.stderr).to.equal(0);
    expect(given.json()).to.include({ role: 'manager' }).and.to.not.have.property('oneTimePassword');
    expect(await bcrypt.compare('mo-password-1', (await userByEmail('mo@example.test'))!.password_hash)).to.equal(true);

    expect(emails(await cli('agent', 'list', '--client', 'Shop', '--json'))).to.deep.equal(['ann@example.test', 'cy@example.test']);
    expect(emails(await cli('agent', 'list', '--client', 'Blog', '--json'))).to.deep.equal(['ann@example.test']);
    const table = await cli('agent', 'list');
    expect(table.stdout).to.match(/^ID\s+EMAIL\s+NAME\s+PSEUDO NAME\s+ROLE\s+ACTIVE\s+WEBSITES$/m);
    expect(table.stdout).to.match(/ann@example\.test.*agent\s+yes\s+(Shop, Blog|Blog, Shop)/);
    expect(table.stdout).to.match(/mo@example\.test.*manager\s+yes\s+\(all\)/);
  });

  it('assigns and unassigns websites, all or none', async () => {
    const bob = (await cli('agent', 'add', '--email', 'bob@example.test', '--name', 'Bob', '--password', 'bob-password-1', '--json')).json();
    const assigned = await cli('agent', 'assign', 'bob@example.test', '--clients', 'Shop,Blog', '--json');
    expect(assigned.code, assigned.stderr).to.equal(0);
    expect(assigned.json()).to.include({ id: bob.id, changed: 2 });
    expect(assigned.json().clientIds).to.have.members([shop, blog]);
    expect(await linksOf(bob.id)).to.deep.equal([shop, blog].sort());

    const again = await cli('agent', 'assign', String(bob.id), '--clients', 'Shop');
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.match(/Assigned bob@example\.test to 0 new website\(s\); answers now: Blog, Shop\./);

    const off = await cli('agent', 'unassign', 'bob@example.test', '--clients', 'Shop');
    expect(off.code, off.stderr).to.equal(0);
    expect(off.stdout).to.match(/Unassigned bob@example\.test from 1 website\(s\); answers now: Blog\./);
    expect(await linksOf(bob.id)).to.deep.equal([blog]);
    expect(emails(await cli('agent', 'list', '--client', 'Shop', '--json'))).to.not.include('bob@example.test');

    // An unknown website among the ones given: refused before anything changes.
    expectUserError(await cli('agent', 'assign', 'bob@example.test', '--clients', 'Shop,Nowhere'), /client "Nowhere" does not exist/, 'assign to an unknown website');
    expect(await linksOf(bob.id)).to.deep.equal([blog]);
  });

  it('passwd sets a given or generated password and ends the agent\'s sessions', async () => {
    const bob = (await userByEmail('bob@example.test'))!;
    await addSession(bob.id, 'a');
    const res = await cli('agent', 'passwd', 'bob@example.test', '--password', 'new-password-22');
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.match(/sessions were ended/).and.to.not.match(/One-time password/);
    expect(await bcrypt.compare('new-password-22', (await userByEmail('bob@example.test'))!.password_hash)).to.equal(true);
    expect(await sessionsOf(bob.id)).to.equal(0);

    await addSession(bob.id, 'b');
    const generated = await cli('agent', 'passwd', String(bob.id), '--json');
    expect(generated.code, generated.stderr).to.equal(0);
    const out = generated.json();
    expect(out).to.include({ id: bob.id, email: 'bob@example.test' });
    expect(out.oneTimePassword).to.be.a('string').with.length.of.at.least(10);
    const hash = (await userByEmail('bob@example.test'))!.password_hash;
    expect(await bcrypt.compare(out.oneTimePassword, hash)).to.equal(true);
    expect(await bcrypt.compare('new-password-22', hash)).to.equal(false);
    expect(await sessionsOf(bob.id)).to.equal(0);
  });

  it('disables (sessions end, row inactive, out of the list) and enables an account', async () => {
    const bob = (await userByEmail('bob@example.test'))!;
    await addSession(bob.id, 'c');
    const res = await cli('agent', 'disable', 'bob@example.test', '--json');
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json()).to.include({ id: bob.id, isActive: false });
    expect(Boolean((await userByEmail('bob@example.test'))!.is_active)).to.equal(false);
    expect(await sessionsOf(bob.id)).to.equal(0);
    expect(await linksOf(bob.id), 'assignments are kept for when the account comes back').to.deep.equal([blog]);
    expect((await cli('agent', 'disable', String(bob.id))).stdout).to.match(/already disabled/);
    expect(emails(await cli('agent', 'list', '--json'))).to.not.include('bob@example.test');
    const all = (await cli('agent', 'list', '--all', '--json')).json().agents;
    expect(all.find((a: { email: string }) => a.email === 'bob@example.test')).to.include({ isActive: false });

    expect((await cli('agent', 'enable', 'bob@example.test')).code).to.equal(0);
    expect(Boolean((await userByEmail('bob@example.test'))!.is_active)).to.equal(true);
  });

  it('refuses bad input with one clear message, no stack trace, and changes nothing', async function () {
    // Fifteen `livechat` processes one after another: over 30 s on a loaded CI machine.
    this.timeout(120_000);
    const snapshot = () =>
      withDb(async (db) => ({
        users: (await db.models.User.findAll({ order: [['id', 'ASC']] })).map((u) => JSON.stringify(u.toJSON())),
        links: (await db.models.ClientAgent.findAll({ order: [['id', 'ASC']] })).map((l) => `${l.user_id}:${l.client_id}`),
      }));
    const before = await snapshot();
    const cases = [
      [['agent', 'add', '--email', 'ann@example.test', '--name', 'Again', '--password', 'long-enough-1'], /e-mail ann@example\.test already exists/],
      [['agent', 'add', '--email', 'ANN@example.test', '--name', 'Again', '--password', 'long-enough-1'], /already exists/],
      [['agent', 'add', '--email', 'new@example.test', '--name', 'New', '--password', 'short'], /password: must be at least 10 characters/],
      [['agent', 'add', '--email', 'new@example.test', '--name', 'New', '--role', 'king', '--password', 'long-enough-1'], /role: .*super_admin.*manager.*agent/],
      [['agent', 'add', '--email', 'not-an-email', '--name', 'New', '--password', 'long-enough-1'], /email: must be an e-mail address/],
      [['agent', 'add', '--email', 'new@example.test', '--name', '', '--password', 'long-enough-1'], /name: must not be empty/],
      [['agent', 'add', '--email', 'new@example.test', '--name', 'New', '--clients', 'Nowhere', '--password', 'long-enough-1'], /client "Nowhere" does not exist/],
      [['agent', 'add', '--email', 'new@example.test', '--name', 'New', '--role', 'manager', '--clients', 'Shop', '--password', 'long-enough-1'], /only agents are assigned/],
      [['agent', 'add', '--name', 'New'], /required option '--email/],
      [['agent', 'assign', 'mo@example.test', '--clients', 'Shop'], /mo@example\.test is a manager: only agents are assigned/],
      [['agent', 'assign', 'ghost@example.test', '--clients', 'Shop'], /agent "ghost@example\.test" does not exist/],
      [['agent', 'assign', 'ann@example.test'], /required option '--clients/],
      [['agent', 'unassign', 'ann@example.test', '--clients', '424242'], /client "424242" does not exist/],
      [['agent', 'passwd', 'ann@example.test', '--password', 'short'], /password: must be at least 10 characters/],
      [['agent', 'passwd', '424242'], /agent "424242" does not exist/],
      [['agent', 'list', '--client', 'Nowhere'], /client "Nowhere" does not exist/],
      [['agent', 'disable', 'root@example.test'], /last active super admin/],
      [['agent', 'enable', 'ghost@example.test'], /does not exist/],
    ] as const;
    const results = await eachAtOnce(cases, ([args]) => cli(...args));
    cases.forEach(([args, message], i) => expectUserError(results[i], message, args.join(' ')));
    expect(await snapshot()).to.deep.equal(before);
  });
});
