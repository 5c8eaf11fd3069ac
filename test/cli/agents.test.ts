import { expect } from 'chai';
import bcrypt from 'bcryptjs';
import { describeEachDialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { runCli } from '../helpers/cli.js';
import { factories } from '../helpers/factories.js';

describeEachDialect('livechat agent', (dialect) => {
  let install: Installed;
  before(async () => {
    install = await installFixture(dialect);
    const db = install.open();
    const f = factories(db);
    await f.client({ name: 'Shop' });
    await f.client({ name: 'Blog' });
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

  it('adds an agent for websites with a one-time password printed once, and lists them', async () => {
    const res = await cli('agent', 'add', '--email', 'Ann@Example.test', '--name', 'Ann Lee', '--clients', 'Shop,Blog', '--json');
    expect(res.code, res.stderr).to.equal(0);
    const out = res.json();
    expect(out).to.include({ email: 'ann@example.test', pseudoName: 'Ann', role: 'agent' });
    expect(out.clientIds).to.have.length(2);
    const user = await withDb((db) => db.models.User.findOne({ where: { email: 'ann@example.test' } }));
    expect(await bcrypt.compare(out.oneTimePassword, user!.password_hash)).to.equal(true);

    const shop = (await cli('agent', 'list', '--client', 'Shop', '--json')).json();
    expect(shop.agents.map((a: { email: string }) => a.email)).to.deep.equal(['ann@example.test']);
    const table = await cli('agent', 'list');
    expect(table.stdout).to.match(/ann@example\.test.*Shop, Blog|ann@example\.test.*Blog, Shop/);
  });

  it('assigns and unassigns websites', async () => {
    await cli('agent', 'add', '--email', 'bob@example.test', '--name', 'Bob', '--password', 'bob-password-1');
    expect((await cli('agent', 'assign', 'bob@example.test', '--clients', 'Shop')).code).to.equal(0);
    expect((await cli('agent', 'list', '--client', 'Shop', '--json')).json().agents).to.have.length(2);
    expect((await cli('agent', 'unassign', 'bob@example.test', '--clients', 'Shop')).code).to.equal(0);
    expect((await cli('agent', 'list', '--client', 'Shop', '--json')).json().agents.map((a: { email: string }) => a.email)).to.deep.equal(['ann@example.test']);
  });

  it('passwd sets a new password and ends the agent\'s sessions', async () => {
    const user = await withDb(async (db) => {
      const u = await db.models.User.findOne({ where: { email: 'bob@example.test' } });
      await db.models.Session.create({ user_id: u!.id, token_hash: 'h'.repeat(64), csrf_token: 'c', expires_at: new Date(Date.now() + 3600_000) });
      return u!;
    });
    const res = await cli('agent', 'passwd', 'bob@example.test', '--password', 'new-password-22');
    expect(res.code, res.stderr).to.equal(0);
    const after = await withDb(async (db) => ({ user: await db.models.User.findByPk(user.id), sessions: await db.models.Session.count({ where: { user_id: user.id } }) }));
    expect(await bcrypt.compare('new-password-22', after.user!.password_hash)).to.equal(true);
    expect(after.sessions).to.equal(0);
  });

  it('disables and enables an account', async () => {
    expect((await cli('agent', 'disable', 'bob@example.test')).code).to.equal(0);
    expect((await withDb((db) => db.models.User.findOne({ where: { email: 'bob@example.test' } })))!.is_active).to.equal(false);
    expect((await cli('agent', 'list', '--json')).json().agents.map((a: { email: string }) => a.email)).to.not.include('bob@example.test');
    expect((await cli('agent', 'enable', 'bob@example.test')).code).to.equal(0);
    expect((await withDb((db) => db.models.User.findOne({ where: { email: 'bob@example.test' } })))!.is_active).to.equal(true);
  });

  it('refuses bad input with one clear message, no stack trace, and changes nothing', async () => {
    await cli('agent', 'add', '--email', 'mia@example.test', '--name', 'Mia', '--role', 'manager', '--password', 'mia-password-1');
    const before = await withDb(async (db) => ({ users: await db.models.User.count(), links: await db.models.ClientAgent.count() }));
    for (const [args, message] of [
      [['agent', 'add', '--email', 'ann@example.test', '--name', 'Again', '--password', 'long-enough-1'], /already exists/],
      [['agent', 'add', '--email', 'new@example.test', '--name', 'New', '--password', 'short'], /at least 10 characters/],
      [['agent', 'add', '--email', 'new@example.test', '--name', 'New', '--role', 'king', '--password', 'long-enough-1'], /role/],
      [['agent', 'add', '--email', 'not-an-email', '--name', 'New', '--password', 'long-enough-1'], /e-mail/],
      [['agent', 'add', '--email', 'new@example.test', '--name', 'New', '--clients', 'Nowhere', '--password', 'long-enough-1'], /does not exist/],
      [['agent', 'assign', 'mia@example.test', '--clients', 'Shop'], /only agents are assigned/],
      [['agent', 'assign', 'ghost@example.test', '--clients', 'Shop'], /does not exist/],
      [['agent', 'disable', 'root@example.test'], /last active super admin/],
    ] as const) {
      const res = await cli(...args);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).to.equal(1);
      expect(res.stderr).to.match(message);
      expect(res.stderr).to.not.match(/\n\s+at /);
    }
    const after = await withDb(async (db) => ({ users: await db.models.User.count(), links: await db.models.ClientAgent.count() }));
    expect(after).to.deep.equal(before);
  });
});
