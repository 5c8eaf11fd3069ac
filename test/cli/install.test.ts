import { expect } from 'chai';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import bcrypt from 'bcryptjs';
import { eachAtOnce, runCli, spawnCli, freePort } from '../helpers/cli.js';
import { tmpDataDir } from '../helpers/tmp.js';
import { testEnv, requireMysqlInCi } from '../helpers/env.js';
import { createMysqlDatabase } from '../helpers/mysql.js';
import { loadConfig } from '../../lib/config/load.js';
import { openDatabase } from '../../lib/db/index.js';
import { migrations } from '../../lib/db/migrations/index.js';

describe('livechat install [sqlite]', () => {
  it('installs non-interactively: config with secrets (owner-only), schema, super admin with the given password', async () => {
    const dataDir = tmpDataDir();
    const res = await runCli(['install', '--non-interactive', '--admin-email', 'Boss@Example.com', '--admin-password', 'a-long-password-1', '--port', '3456', '--json'], { dataDir });
    expect(res.code, res.stderr).to.equal(0);
    const out = res.json();
    expect(out.dialect).to.equal('sqlite');
    expect(out.admin).to.deep.equal({ email: 'boss@example.com', created: true });
    expect(res.stderr).to.include(`[${migrations.length}/${migrations.length}] migrating`);
    const file = path.join(dataDir, 'livechat.json');
    expect(fs.statSync(file).mode & 0o077).to.equal(0);
    const config = loadConfig({ flags: { dataDir }, env: {} });
    expect(config.server.port).to.equal(3456);
    expect(config.secrets.session).to.have.length(64);
    expect(config.vapid.publicKey).to.be.a('string');
    const db = openDatabase(config);
    try {
      const admin = await db.models.User.findOne({ where: { email: 'boss@example.com' } });
      expect(admin?.role).to.equal('super_admin');
      expect(await bcrypt.compare('a-long-password-1', admin!.password_hash)).to.equal(true);
      expect(admin!.must_change_password, 'a password the admin chose is theirs').to.equal(false);
    } finally {
      await db.close();
    }
  });

  it('prints a one-time password once when none is given, and it signs in', async () => {
    const dataDir = tmpDataDir();
    const res = await runCli(['install', '--non-interactive'], { dataDir });
    expect(res.code, res.stderr).to.equal(0);
    const match = res.stdout.match(/admin@example\.com\s+one-time password: (\S+)/);
    expect(match, res.stdout).to.not.equal(null);
    const db = openDatabase(loadConfig({ flags: { dataDir }, env: {} }));
    try {
      const admin = await db.models.User.findOne({ where: { email: 'admin@example.com' } });
      expect(await bcrypt.compare(match![1], admin!.password_hash)).to.equal(true);
      expect(admin!.must_change_password, 'the printed password is replaced at first sign-in').to.equal(true);
    } finally {
      await db.close();
    }
  });

  it('re-running never destroys data, secrets or accounts', async () => {
    const dataDir = tmpDataDir();
    expect((await runCli(['install', '--non-interactive', '--admin-password', 'first-password-1'], { dataDir })).code).to.equal(0);
    const before = loadConfig({ flags: { dataDir }, env: {} });
    const db = openDatabase(before);
    await db.models.Client.create({ name: 'Kept', widget_key: 'kept-key', domains: ['kept.test'], widget_settings: {} as never });
    await db.close();

    const again = await runCli(['install', '--non-interactive', '--admin-password', 'other-password-2', '--json'], { dataDir });
    expect(again.code, again.stderr).to.equal(0);
    expect(again.json().admin).to.deep.equal({ email: 'admin@example.com', created: false });
    const after = loadConfig({ flags: { dataDir }, env: {} });
    expect(after.secrets).to.deep.equal(before.secrets);
    expect(after.vapid).to.deep.equal(before.vapid);
    const db2 = openDatabase(after);
    try {
      expect(await db2.models.Client.count({ where: { widget_key: 'kept-key' } })).to.equal(1);
      const admin = await db2.models.User.findOne({ where: { email: 'admin@example.com' } });
      expect(await bcrypt.compare('first-password-1', admin!.password_hash), 'password was reset by a re-run').to.equal(true);
    } finally {
      await db2.close();
    }
  });

  it('refuses bad answers with a clear message and no stack trace', async () => {
    const dataDir = tmpDataDir();
    const cases = [
      [['--db', 'oracle'], /--db must be sqlite or mysql/],
      [['--port', '99999'], /--port must be a port number/],
      [['--admin-password', 'short'], /at least 10 characters/],
      [['--public-url', 'chat.example.com'], /publicUrl/],
    ] as const;
    const results = await eachAtOnce(cases, ([args]) => runCli(['install', '--non-interactive', ...args], { dataDir: tmpDataDir() }));
    cases.forEach(([args, message], i) => {
      expect(results[i].code, `${args.join(' ')}: ${results[i].stderr}`).to.not.equal(0);
      expect(results[i].stderr).to.match(message);
      expect(results[i].stderr).to.not.match(/\n\s+at /);
    });
    expect(fs.existsSync(path.join(dataDir, 'livechat.json'))).to.equal(false);
  });

  it('stores the mail server given with --smtp-url and --smtp-from, and refuses one that is not smtp://', async () => {
    const dataDir = tmpDataDir();
    const res = await runCli(['install', '--non-interactive', '--smtp-url', 'smtp://mailer:secret@127.0.0.1:2525', '--smtp-from', 'Support <help@example.com>'], { dataDir });
    expect(res.code, res.stderr).to.equal(0);
    const config = loadConfig({ flags: { dataDir }, env: {} });
    expect(config.smtp).to.deep.include({ url: 'smtp://mailer:secret@127.0.0.1:2525', from: 'Support <help@example.com>' });
    const bad = await runCli(['install', '--non-interactive', '--smtp-url', 'mail.example.com'], { dataDir: tmpDataDir() });
    expect(bad.code).to.not.equal(0);
    expect(bad.stderr).to.contain('smtp.url').and.to.contain('smtp://');
    expect(bad.stderr).to.not.match(/\n\s+at /);
  });

  it('asks for an optional SMTP server when run in a terminal, and a blank answer leaves mail off', async () => {
    const answer = async (run: ReturnType<typeof spawnCli>, prompt: RegExp, text: string) => {
      await run.waitFor(prompt);
      run.write(`${text}\r`);
    };
    const install = async (smtp: string, from?: string) => {
      const dataDir = tmpDataDir();
      const run = spawnCli(['install'], { dataDir, terminal: true });
      await answer(run, /Database/, '');
      await answer(run, /Port to listen on/, '');
      await answer(run, /Public URL/, '');
      await answer(run, /Super admin e-mail/, '');
      await answer(run, /Super admin password/, 'a-long-password-1');
      await answer(run, /SMTP server for e-mail/, smtp);
      if (from) await answer(run, /Sender address/, from);
      await run.waitFor(/Next steps/);
      expect((await run.exited).code, run.output().stdout).to.equal(0);
      return loadConfig({ flags: { dataDir }, env: {} });
    };
    expect((await install('smtp://127.0.0.1:2525', 'help@example.com')).smtp).to.deep.include({ url: 'smtp://127.0.0.1:2525', from: 'help@example.com' });
    expect((await install('')).smtp.url).to.equal(null);
  });

  it('writes a systemd unit with --systemd and says how to enable it', async () => {
    const dataDir = tmpDataDir();
    const res = await runCli(['install', '--non-interactive', '--systemd'], { dataDir });
    expect(res.code, res.stderr).to.equal(0);
    const unit = fs.readFileSync(path.join(dataDir, 'livechat.service'), 'utf8');
    expect(unit).to.include(`LIVECHAT_DATA_DIR=${dataDir}`);
    expect(unit).to.match(/ExecStart=.*bin\/livechat start/);
    expect(res.stdout).to.include('systemctl enable --now livechat');
  });
});

describe('livechat install [mysql]', function () {
  before(function () {
    requireMysqlInCi();
    if (!testEnv.mysqlUrl) this.skip();
  });

  const admin = () => new URL(testEnv.mysqlUrl!);
  const adminConn = () => mysql.createConnection({ host: admin().hostname, port: Number(admin().port || 3306), user: decodeURIComponent(admin().username), password: decodeURIComponent(admin().password) });

  it('creates the database and a least-privilege user, stores only that user, then start serves /readyz', async function () {
    this.timeout(90_000);
    const name = `lc_inst_${crypto.randomBytes(3).toString('hex')}`;
    const appUser = `lcu_${crypto.randomBytes(3).toString('hex')}`;
    const dataDir = tmpDataDir();
    const url = new URL(testEnv.mysqlUrl!);
    url.pathname = `/${name}`;
    try {
      const res = await runCli(['install', '--non-interactive', '--db', 'mysql', '--db-url', url.toString(), '--app-db-user', appUser, '--admin-email', 'root@example.com', '--admin-password', 'mysql-admin-pass-1', '--json'], { dataDir });
      expect(res.code, res.stderr).to.equal(0);
      const stored = JSON.parse(fs.readFileSync(path.join(dataDir, 'livechat.json'), 'utf8'));
      expect(stored.database.user).to.equal(appUser);
      expect(stored.database.name).to.equal(name);
      expect(JSON.stringify(stored)).to.not.include(`"user":"${decodeURIComponent(url.username)}"`);

      const app = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: appUser, password: stored.database.password });
      try {
        const [dbs] = await app.query('SHOW DATABASES');
        const visible = (dbs as { Database: string }[]).map((r) => r.Database);
        expect(visible).to.include(name);
        expect(visible).to.not.include('mysql');
        let denied: unknown;
        try {
          await app.query('CREATE DATABASE lc_should_not_exist');
        } catch (err) {
          denied = err;
        }
        expect(denied, 'the app user could create databases').to.exist;
        const [charset] = await app.query('SELECT DEFAULT_CHARACTER_SET_NAME AS c FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]);
        expect((charset as { c: string }[])[0].c).to.equal('utf8mb4');
      } finally {
        await app.end();
      }

      const port = await freePort();
      const server = spawnCli(['start', '--port', String(port)], { dataDir });
      try {
        await server.waitFor(/is running/);
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
        expect(ready.status).to.equal(200);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    } finally {
      const c = await adminConn();
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.query(`DROP USER IF EXISTS '${appUser}'@'%', '${appUser}'@'localhost'`);
      await c.end();
    }
  });

  it("with --db-socket auto stores the server's own Unix socket, and livechat then needs nothing else to reach it", async function () {
    this.timeout(90_000);
    const name = `lc_sock_${crypto.randomBytes(3).toString('hex')}`;
    const appUser = `lcs_${crypto.randomBytes(3).toString('hex')}`;
    const dataDir = tmpDataDir();
    const url = new URL(testEnv.mysqlUrl!);
    url.pathname = `/${name}`;
    const c = await adminConn();
    const [[{ socket }]] = (await c.query('SELECT @@socket AS socket')) as unknown as [[{ socket: string }]];
    await c.end();
    try {
      const res = await runCli(['install', '--non-interactive', '--db', 'mysql', '--db-url', url.toString(), '--db-socket', 'auto', '--app-db-user', appUser, '--admin-email', 'sock@example.com', '--admin-password', 'mysql-admin-pass-1'], { dataDir });
      expect(res.code, res.stderr).to.equal(0);
      expect(res.stdout + res.stderr).to.contain(`over its Unix socket ${socket}`);
      const configFile = path.join(dataDir, 'livechat.json');
      const stored = JSON.parse(fs.readFileSync(configFile, 'utf8'));
      expect(stored.database.socket).to.equal(socket);
      // A host that cannot resolve: only the socket can take livechat to its database now.
      fs.writeFileSync(configFile, JSON.stringify({ ...stored, database: { ...stored.database, host: 'mariadb.invalid' } }));
      const doctor = await runCli(['doctor', '--json'], { dataDir });
      const database = JSON.parse(doctor.stdout).checks.find((check: { id: string }) => check.id === 'database');
      expect(database.status, doctor.stdout).to.equal('pass');
      expect(database.message).to.contain(`unix:${socket}`);
    } finally {
      const a = await adminConn();
      await a.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await a.query(`DROP USER IF EXISTS '${appUser}'@'%', '${appUser}'@'localhost'`);
      await a.end();
    }
  });

  it('refuses a --db-socket that is not a socket, before touching MySQL or writing a config', async () => {
    const dataDir = tmpDataDir();
    for (const [value, message] of [
      ['/nonexistent/mysqld.sock', /--db-socket \/nonexistent\/mysqld.sock: no Unix socket there/],
      ['run/mysqld.sock', /--db-socket is auto or the absolute path/],
    ] as const) {
      const res = await runCli(['install', '--non-interactive', '--db', 'mysql', '--db-url', testEnv.mysqlUrl!, '--db-socket', value], { dataDir });
      expect(res.code).to.equal(1);
      expect(res.stderr).to.match(message);
      expect(res.stderr).to.not.match(/\n\s+at /);
      expect(fs.existsSync(path.join(dataDir, 'livechat.json'))).to.equal(false);
    }
  });

  it('says clearly when MySQL refuses the account', async () => {
    const db = await createMysqlDatabase();
    try {
      const url = new URL(db.url);
      url.username = 'nobody_here';
      url.password = 'wrong';
      const res = await runCli(['install', '--non-interactive', '--db', 'mysql', '--db-url', url.toString()], { dataDir: tmpDataDir() });
      expect(res.code).to.equal(1);
      expect(res.stderr).to.match(/MySQL refused/);
      expect(res.stderr).to.not.match(/\n\s+at /);
    } finally {
      await db.drop();
    }
  });
});
