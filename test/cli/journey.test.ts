import { expect } from 'chai';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { runCli, spawnCli, freePort } from '../helpers/cli.js';
import { tmpDataDir } from '../helpers/tmp.js';
import { testEnv, requireMysqlInCi } from '../helpers/env.js';
import { signedIn } from '../helpers/http.js';

/**
 * The sysadmin's whole path on the production database, as the issue lists it: install on
 * MariaDB, start, doctor, add a website and take its snippet, add an agent, back up, restore
 * into a fresh install, and find everything there.
 */
describe('a sysadmin journey on MariaDB', function () {
  this.timeout(180_000);
  const suffix = crypto.randomBytes(3).toString('hex');
  const made = { dbs: [] as string[], users: [] as string[] };

  before(function () {
    requireMysqlInCi();
    if (!testEnv.mysqlUrl) this.skip();
  });
  after(async () => {
    if (!testEnv.mysqlUrl) return;
    const admin = new URL(testEnv.mysqlUrl);
    const c = await mysql.createConnection({ host: admin.hostname, port: Number(admin.port || 3306), user: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password) });
    for (const db of made.dbs) await c.query(`DROP DATABASE IF EXISTS \`${db}\``);
    for (const u of made.users) await c.query(`DROP USER IF EXISTS '${u}'@'%', '${u}'@'localhost'`);
    await c.end();
  });

  /** An install on its own free port (in its config, as doctor reads it): port 3000 may be taken on this machine. */
  async function install(name: string, port: number) {
    const dataDir = tmpDataDir();
    const url = new URL(testEnv.mysqlUrl!);
    url.pathname = `/${name}`;
    made.dbs.push(name);
    made.users.push(`u_${name}`);
    const res = await runCli(['install', '--non-interactive', '--db', 'mysql', '--db-url', url.toString(), '--app-db-user', `u_${name}`, '--admin-email', 'ops@example.com', '--admin-password', 'journey-password-1', '--port', String(port)], { dataDir });
    expect(res.code, res.stderr).to.equal(0);
    return dataDir;
  }

  it('install -> start -> doctor -> client add + snippet -> agent add -> backup -> restore into a fresh install', async () => {
    const port = await freePort();
    const dataDir = await install(`lcj_a_${suffix}`, port);
    const archive = path.join(tmpDataDir(), 'journey.tar.gz');
    const server = spawnCli(['start', '--port', String(port)], { dataDir });
    try {
      await server.waitFor(/is running/);
      const doctor = await runCli(['doctor', '--json'], { dataDir });
      const report = doctor.json();
      const failed = report.checks.filter((c: { status: string }) => c.status === 'fail');
      expect(failed, JSON.stringify(failed)).to.deep.equal([]);
      expect(doctor.code).to.equal(0);

      const added = await runCli(['client', 'add', '--name', 'Shop', '--domain', 'shop.example.com', '--json'], { dataDir });
      expect(added.code, added.stderr).to.equal(0);
      const snippet = await runCli(['snippet', 'Shop'], { dataDir });
      expect(snippet.code, snippet.stderr).to.equal(0);
      expect(snippet.stdout).to.match(/<script async src="[^"]+\/widget\/loader\.js" data-livechat-key="[^"]+"><\/script>/);

      const agent = await runCli(['agent', 'add', '--email', 'ann@example.com', '--name', 'Ann Lee', '--pseudo-name', 'Ann', '--clients', 'Shop', '--password', 'ann-password-1'], { dataDir });
      expect(agent.code, agent.stderr).to.equal(0);
      const api = await signedIn(`http://127.0.0.1:${port}`, 'ann@example.com', 'ann-password-1');
      // The password the CLI set is replaced by Ann's own before anything else.
      expect((await api.get('/api/clients')).body.error.code).to.equal('password_change_required');
      expect((await api.put('/api/profile/password', { currentPassword: 'ann-password-1', newPassword: 'ann-own-password-2' })).status).to.equal(204);
      const clients = await api.get('/api/clients');
      expect(clients.body.clients.map((c: { name: string }) => c.name)).to.deep.equal(['Shop']);

      const backup = await runCli(['backup', '--out', archive], { dataDir });
      expect(backup.code, backup.stderr).to.equal(0);
      expect(fs.statSync(archive).size).to.be.greaterThan(0);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }

    // A fresh install already holds its own super admin, so the restore is told to replace it.
    const port2 = await freePort();
    const fresh = await install(`lcj_b_${suffix}`, port2);
    const restored = await runCli(['restore', archive, '--force'], { dataDir: fresh });
    expect(restored.code, restored.stderr).to.equal(0);
    const second = spawnCli(['start', '--port', String(port2)], { dataDir: fresh });
    try {
      await second.waitFor(/is running/);
      const api = await signedIn(`http://127.0.0.1:${port2}`, 'ann@example.com', 'ann-own-password-2');
      const clients = await api.get('/api/clients');
      expect(clients.body.clients.map((c: { name: string }) => c.name)).to.deep.equal(['Shop']);
      const snippet = await runCli(['snippet', 'Shop'], { dataDir: fresh });
      expect(snippet.code).to.equal(0);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
