import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { runCli } from '../../helpers/cli.js';
import { messageDTO } from '../../../lib/presenters/realtime.js';

const DAY = 24 * 60 * 60 * 1000;

describeEachDialect('job: file-expiry', (dialect) => {
  let install: Installed;
  let db: ReturnType<Installed['open']>;
  let f: ReturnType<typeof factories>;

  before(async () => {
    install = await installFixture(dialect);
    db = install.open();
    f = factories(db);
  });
  after(async () => {
    await db.close();
    await install.cleanup();
  });

  /** A file message `daysOld` days old; its file (and a preview) on disk unless `onDisk` is false. */
  async function fileMessage(into: { dataDir: string }, chatId: number, name: string, daysOld: number, onDisk = true, target = db) {
    const dataDir = into.dataDir;
    const relative = `chat-files/${chatId}/${Date.now()}_${Math.random().toString(16).slice(2, 8)}_${name}`;
    const absolute = path.join(dataDir, 'storage', relative);
    if (onDisk) {
      fs.mkdirSync(path.dirname(absolute), { recursive: true });
      fs.writeFileSync(absolute, `contents of ${name}`);
      fs.writeFileSync(`${absolute}.thumb`, 'preview');
    }
    const message = await factories(target).message(chatId, { message_type: 'file', body: null, file_path: relative, file_name: name, file_size: 1234, file_type: 'application/pdf' });
    await target.sequelize.query('UPDATE messages SET created_at = ? WHERE id = ?', { replacements: [new Date(Date.now() - daysOld * DAY), message.id] });
    return { id: message.id, relative, absolute };
  }

  it('`livechat jobs run file-expiry` expires exactly the files older than 15 days (rows and files); twice is harmless', async () => {
    const client = await f.client();
    const chat = await f.chat(client.id, (await f.visitor(client.id)).id);
    const old = await fileMessage(install, chat.id, 'invoice.pdf', 16);
    const gone = await fileMessage(install, chat.id, 'lost.pdf', 16, false); // already missing from disk: not an error
    const recent = await fileMessage(install, chat.id, 'recent.pdf', 14);

    const run = await runCli(['jobs', 'run', 'file-expiry', '--json'], { dataDir: install.dataDir });
    expect(run.code, run.stderr).to.equal(0);
    const outcome = run.json();
    expect(outcome).to.include({ job: 'file-expiry', status: 'done' });
    expect(outcome.details).to.include({ expired: 2, missing: 1 });

    expect(fs.existsSync(old.absolute)).to.equal(false);
    expect(fs.existsSync(`${old.absolute}.thumb`)).to.equal(false);
    expect(fs.existsSync(recent.absolute)).to.equal(true);
    expect(fs.existsSync(`${recent.absolute}.thumb`)).to.equal(true);
    for (const id of [old.id, gone.id]) {
      const row = await db.models.Message.findByPk(id);
      expect(row!.file_path).to.equal(null);
      expect(row!.file_deleted_at).to.be.an.instanceOf(Date);
      expect(row!).to.include({ file_name: id === old.id ? 'invoice.pdf' : 'lost.pdf', file_size: 1234, file_type: 'application/pdf' });
      // What widget and dashboard get: the name and size, shown as "File expired".
      expect(messageDTO(row!, null).file).to.include({ expired: true, size: 1234 });
    }
    const kept = await db.models.Message.findByPk(recent.id);
    expect(kept!.file_path).to.equal(recent.relative);
    expect(kept!.file_deleted_at).to.equal(null);
    const expiredAt = (await db.models.Message.findByPk(old.id))!.file_deleted_at!.getTime();

    const again = await runCli(['jobs', 'run', 'file-expiry', '--json'], { dataDir: install.dataDir });
    expect(again.code, again.stderr).to.equal(0);
    expect(again.json().details).to.include({ expired: 0, missing: 0 });
    expect((await db.models.Message.findByPk(old.id))!.file_deleted_at!.getTime()).to.equal(expiredAt);
    expect(fs.existsSync(recent.absolute)).to.equal(true);
  });

  it('copies each file into the backups folder before deleting it when files.backupBeforeExpiry is on', async () => {
    const other = await installFixture(dialect, { files: { backupBeforeExpiry: true, retentionDays: 3 }, backups: { dir: 'safe-keeping' } });
    const otherDb = other.open();
    const g = factories(otherDb);
    try {
      const client = await g.client();
      const chat = await g.chat(client.id, (await g.visitor(client.id)).id);
      const old = await fileMessage(other, chat.id, 'contract.pdf', 4, true, otherDb);
      const young = await fileMessage(other, chat.id, 'young.pdf', 2, true, otherDb);
      const run = await runCli(['jobs', 'run', 'file-expiry', '--json'], { dataDir: other.dataDir });
      expect(run.code, run.stderr).to.equal(0);
      expect(run.json().details).to.include({ expired: 1, missing: 0 });
      const copy = path.join(other.dataDir, 'safe-keeping', 'expired-files', old.relative);
      expect(fs.readFileSync(copy, 'utf8')).to.equal('contents of contract.pdf');
      expect(fs.existsSync(old.absolute)).to.equal(false);
      expect(fs.existsSync(young.absolute)).to.equal(true);
      expect(fs.existsSync(path.join(other.dataDir, 'safe-keeping', 'expired-files', young.relative))).to.equal(false);
    } finally {
      await otherDb.close();
      await other.cleanup();
    }
  });
});
