import { expect } from 'chai';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { runCli } from '../../helpers/cli.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.js';

const secrets = (backupKey: string | null) => ({ session: crypto.randomBytes(32).toString('hex'), visitorToken: crypto.randomBytes(32).toString('hex'), backupKey });
const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

describeEachDialect('jobs: scheduled backups', (dialect) => {
  let smtp: TestSmtpServer;
  const installs: Installed[] = [];

  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => {
    for (const i of installs) await i.cleanup();
    await smtp.close();
  });

  it('backup-full writes an encrypted archive of database and files that `livechat restore` takes back; old scheduled backups are pruned, manual ones kept', async () => {
    const key = crypto.randomBytes(32).toString('hex');
    const source = await installFixture(dialect, { secrets: secrets(key) });
    installs.push(source);
    const db = source.open();
    let chatDir: string;
    try {
      const f = factories(db);
      const client = await f.client({ name: 'Backed-up Bakery' });
      const chat = await f.chat(client.id, (await f.visitor(client.id)).id);
      await f.message(chat.id, { body: 'Keep this message safe' });
      await f.message(chat.id, { message_type: 'file', body: null, file_path: `chat-files/${chat.id}/1_abc_menu.pdf`, file_name: 'menu.pdf', file_size: 11 });
      chatDir = String(chat.id);
    } finally {
      await db.close();
    }
    fs.mkdirSync(path.join(source.dataDir, 'storage', 'chat-files', chatDir), { recursive: true });
    fs.writeFileSync(path.join(source.dataDir, 'storage', 'chat-files', chatDir, '1_abc_menu.pdf'), 'menu of day');

    const dir = path.join(source.dataDir, 'backups');
    fs.mkdirSync(dir, { recursive: true });
    const old = stamp(new Date(Date.now() - 120 * 24 * 3600 * 1000));
    const lastWeek = stamp(new Date(Date.now() - 7 * 24 * 3600 * 1000));
    const planted = {
      oldWeekly: `livechat-weekly-${dialect}-${old}.tar.gz.enc`,
      oldDaily: `livechat-daily-${dialect}-${old}.tar.gz.enc`,
      recentDaily: `livechat-daily-${dialect}-${lastWeek}.tar.gz.enc`,
      manual: `livechat-${dialect}-${old}.tar.gz`,
    };
    for (const name of Object.values(planted)) fs.writeFileSync(path.join(dir, name), 'x');

    const full = await runCli(['jobs', 'run', 'backup-full', '--json'], { dataDir: source.dataDir });
    expect(full.code, full.stderr).to.equal(0);
    const outcome = full.json();
    expect(outcome.status).to.equal('done');
    const archive: string = outcome.details.file;
    expect(path.dirname(archive)).to.equal(dir);
    expect(path.basename(archive)).to.match(new RegExp(`^livechat-weekly-${dialect}-\\d{8}T\\d{6}Z\\.tar\\.gz\\.enc$`));
    expect(fs.readFileSync(archive).subarray(0, 8).toString()).to.equal('LCBACKUP');
    expect(outcome.details.pruned).to.deep.equal([planted.oldWeekly]);
    expect(fs.existsSync(path.join(dir, planted.manual))).to.equal(true);
    expect(fs.existsSync(path.join(dir, planted.oldDaily))).to.equal(true);

    const daily = await runCli(['jobs', 'run', 'backup-database', '--json'], { dataDir: source.dataDir });
    expect(daily.code, daily.stderr).to.equal(0);
    expect(path.basename(daily.json().details.file)).to.match(/^livechat-daily-/);
    expect(daily.json().details.files).to.equal(0);
    expect(daily.json().details.pruned).to.deep.equal([planted.oldDaily]);
    expect(fs.existsSync(path.join(dir, planted.recentDaily))).to.equal(true);
    expect(fs.existsSync(path.join(dir, planted.manual))).to.equal(true);

    // Another server with the same key takes the weekly archive back.
    const target = await installFixture(dialect, { secrets: secrets(key) });
    installs.push(target);
    const restored = await runCli(['restore', archive, '--json'], { dataDir: target.dataDir });
    expect(restored.code, restored.stderr).to.equal(0);
    const tdb = target.open();
    try {
      expect((await tdb.models.Client.findOne({ where: { name: 'Backed-up Bakery' } }))).to.not.equal(null);
      expect(await tdb.models.Message.count({ where: { body: 'Keep this message safe' } })).to.equal(1);
    } finally {
      await tdb.close();
    }
    expect(fs.readFileSync(path.join(target.dataDir, 'storage', 'chat-files', chatDir, '1_abc_menu.pdf'), 'utf8')).to.equal('menu of day');
  });

  it('a failed backup exits non-zero and alerts the super admins by e-mail', async () => {
    const install = await installFixture(dialect, {
      secrets: secrets(null),
      smtp: { url: smtp.url, from: 'livechat <alerts@example.test>', retryDelayMs: 100 },
    });
    installs.push(install);
    const db = install.open();
    const admin = await factories(db).user('super_admin');
    await db.close();
    const run = await runCli(['jobs', 'run', 'backup-database'], { dataDir: install.dataDir });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/backup-database failed: .*secrets\.backupKey/);
    const alert = await smtp.waitFor((m) => m.to.includes(admin.email));
    expect(alert.subject).to.equal(`[livechat] The daily backup failed on ${os.hostname()}`);
    expect(alert.text).to.match(/secrets\.backupKey/).and.include('livechat jobs run backup-database');
    const backups = path.join(install.dataDir, 'backups');
    expect(fs.existsSync(backups) ? fs.readdirSync(backups).filter((n) => !n.startsWith('.')) : []).to.deep.equal([]);
  });
});
