import { expect } from 'chai';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeEachDialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { factories } from '../helpers/factories.js';
import { runCli } from '../helpers/cli.js';
import { mountSmallDisk, type SmallDisk } from '../helpers/fullDisk.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

/** About 0.8 KB a message: more than the small disk has left, so the dump itself hits ENOSPC. */
async function seedMessages(install: Installed, count = 3000): Promise<void> {
  const db = install.open();
  try {
    const f = factories(db);
    const client = await f.client();
    const chat = await f.chat(client.id, (await f.visitor(client.id)).id, { last_seq: count });
    const body = crypto.randomBytes(600).toString('base64');
    for (let start = 0; start < count; start += 500) {
      await db.models.Message.bulkCreate(Array.from({ length: Math.min(500, count - start) }, (_, i) => ({ chat_id: chat.id, seq: start + i + 1, sender_type: 'visitor', body: `${start + i} ${body}` })));
    }
  } finally {
    await db.close();
  }
}

const leftovers = (dir: string) => fs.readdirSync(dir).filter((n) => n !== '.disk-filler');

describeEachDialect('backup on a full disk', (dialect) => {
  let disk: SmallDisk;
  let smtp: TestSmtpServer;
  const installs: Installed[] = [];

  before(async function () {
    disk = mountSmallDisk(this);
    smtp = await startSmtpServer();
  });
  after(async () => {
    for (const i of installs) await i.cleanup();
    await smtp?.close();
    disk?.unmount();
  });
  afterEach(() => disk?.free());

  it('`livechat backup` fails with exit 1 and says the disk is full, leaves no staging folder, and the next backup after space is freed succeeds', async function () {
    this.timeout(90_000);
    const install = await installFixture(dialect);
    installs.push(install);
    await seedMessages(install);
    disk.fill(256 * 1024);

    const out = path.join(disk.dir, 'manual.tar.gz');
    const failed = await runCli(['backup', '--no-files', '--out', out], { dataDir: install.dataDir, timeoutMs: 20_000 });
    expect(failed.code, failed.stdout + failed.stderr).to.equal(1);
    expect(failed.stderr).to.match(/no space left/i).and.match(/free (some )?space/i);
    expect(failed.stdout).to.not.match(/Backup written/);
    expect(leftovers(disk.dir), 'staging folder and partial file removed').to.deep.equal([]);

    disk.free();
    const next = await runCli(['backup', '--no-files', '--out', out, '--json'], { dataDir: install.dataDir, timeoutMs: 20_000 });
    expect(next.code, next.stderr).to.equal(0);
    expect(next.json().tables.messages).to.equal(3000);
    expect(leftovers(disk.dir)).to.deep.equal(['manual.tar.gz']);
    fs.rmSync(out);
  });

  it('`livechat backup` onto a disk with no room at all ends with one line saying so, with no stack trace and nothing left behind', async function () {
    this.timeout(60_000);
    const install = await installFixture(dialect);
    installs.push(install);
    disk.fill(0);
    const failed = await runCli(['backup', '--no-files', '--out', path.join(disk.dir, 'sub', 'b.tar.gz')], { dataDir: install.dataDir, timeoutMs: 20_000 });
    expect(failed.code, failed.stderr).to.equal(1);
    // Progress lines ("[9/16] messages: 0 rows"), then one line saying what happened and what to do.
    expect(failed.stderr.trim().split('\n').filter((l) => !/^\[\d+\/\d+\] /.test(l))).to.deep.equal([`error: No space left on the disk of ${path.join(disk.dir, 'sub')}: the backup did not complete and nothing was written (its partial files were removed). Free some space there, or write the backup to another disk with --out (backups.dir for the scheduled ones), then run it again.`]);
    expect(leftovers(path.join(disk.dir, 'sub'))).to.deep.equal([]);
  });

  it('the scheduled backup on a full disk fails the job, cleans up and e-mails the admins; the next run succeeds', async function () {
    this.timeout(90_000);
    const install = await installFixture(dialect, {
      backups: { dir: path.join(disk.dir, 'scheduled') },
      smtp: { url: smtp.url, from: 'livechat <alerts@example.test>', retryDelayMs: 100 },
    });
    installs.push(install);
    await seedMessages(install);
    const db = install.open();
    const admin = await factories(db).user('super_admin');
    await db.close();
    fs.mkdirSync(path.join(disk.dir, 'scheduled'));
    disk.fill(256 * 1024);

    const run = await runCli(['jobs', 'run', 'backup-database'], { dataDir: install.dataDir, timeoutMs: 20_000 });
    expect(run.code, run.stdout + run.stderr).to.equal(1);
    expect(run.stderr).to.match(/backup-database failed: .*no space left/i);
    const alert = await smtp.waitFor((m) => m.to.includes(admin.email));
    expect(alert.subject).to.equal(`[livechat] The daily backup failed on ${os.hostname()}`);
    expect(alert.text).to.match(/no space left/i).and.include('livechat jobs run backup-database');
    expect(fs.readdirSync(path.join(disk.dir, 'scheduled'))).to.deep.equal([]);

    disk.free();
    const again = await runCli(['jobs', 'run', 'backup-database', '--json'], { dataDir: install.dataDir, timeoutMs: 20_000 });
    expect(again.code, again.stderr).to.equal(0);
    expect(path.basename(again.json().details.file)).to.match(/^livechat-daily-/);
  });

  if (dialect === 'sqlite') {
    it('with the SQLite database on the same full disk (the default layout), the scheduled backup still fails cleanly and the alert still goes out', async function () {
      this.timeout(90_000);
      const install = await installFixture(dialect, {
        database: { dialect: 'sqlite', storage: path.join(disk.dir, 'livechat.sqlite') },
        backups: { dir: path.join(disk.dir, 'backups') },
        smtp: { url: smtp.url, from: 'livechat <alerts@example.test>', retryDelayMs: 100 },
      });
      installs.push(install);
      await seedMessages(install, 1000);
      const db = install.open();
      const admin = await factories(db).user('super_admin');
      await db.close();
      fs.mkdirSync(path.join(disk.dir, 'backups'));
      disk.fill(256 * 1024);

      const run = await runCli(['jobs', 'run', 'backup-database'], { dataDir: install.dataDir, timeoutMs: 20_000 });
      expect(run.code, run.stdout + run.stderr).to.equal(1);
      expect(run.stderr).to.match(/no space left/i);
      const alert = await smtp.waitFor((m) => m.to.includes(admin.email) && /daily backup failed/.test(m.subject));
      expect(alert.text).to.match(/no space left/i);
      expect(fs.readdirSync(path.join(disk.dir, 'backups'))).to.deep.equal([]);
      disk.free();
      fs.rmSync(path.join(disk.dir, 'livechat.sqlite'), { force: true });
      for (const suffix of ['-wal', '-shm']) fs.rmSync(path.join(disk.dir, `livechat.sqlite${suffix}`), { force: true });
    });
  }
});
