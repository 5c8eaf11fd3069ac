import { expect } from 'chai';
import crypto from 'node:crypto';
import path from 'node:path';
import { describeEachDialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { startTestServer } from '../helpers/server.js';
import { factories } from '../helpers/factories.js';
import { connectVisitor, newMsgId } from '../helpers/visitors.js';
import mysql from 'mysql2/promise';
import { mountSmallDisk, startMariadbOnDisk, type SmallDisk } from '../helpers/fullDisk.js';
import { freePort } from '../helpers/cli.js';
import { tmpDataDir } from '../helpers/tmp.js';
import { fileScene, type FileScene } from '../fixtures/files/scene.js';
import * as samples from '../fixtures/files/samples.js';
import type { TestSocket } from '../helpers/rtclient.js';

describeEachDialect('uploads on a full disk', (dialect) => {
  let scene: FileScene;
  let disk: SmallDisk;

  before(async function () {
    scene = await fileScene(dialect);
    disk = mountSmallDisk(this, { at: scene.storageDir });
  });
  after(async () => {
    disk?.unmount();
    await scene?.close();
  });

  it('answers 507 disk_full with a message and retryAfterMs, stores no message and no file part, and takes the upload once space is back', async () => {
    const { token, chatId } = await scene.visitorChat();
    const pdf = Buffer.concat([samples.pdf(), crypto.randomBytes(200_000)]);
    disk.fill(50_000);
    const refused = await scene.visitorUpload(token, chatId, pdf, 'quote.pdf');
    expect(refused.status, JSON.stringify(refused.body)).to.equal(507);
    expect(refused.body.error.code).to.equal('disk_full');
    expect(refused.body.error.message).to.match(/disk is full/).and.match(/try again/i);
    expect(refused.body.error.details.retryAfterMs).to.be.a('number').above(0);
    expect(await scene.fileMessages(chatId)).to.deep.equal([]);
    expect(scene.storedFiles().filter((f) => f !== '.disk-filler')).to.deep.equal([]);

    disk.free();
    const taken = await scene.visitorUpload(token, chatId, pdf, 'quote.pdf');
    expect(taken.status, JSON.stringify(taken.body)).to.equal(201);
    expect((await scene.fileMessages(chatId)).length).to.equal(1);
  });
});

// The database's own disk fills: SQLite's file beside the server, or the disk of a MariaDB (a
// private one here, its data folder on the small disk).
for (const where of ['sqlite', 'mysql'] as const) {
  describe(`message.send with the database on a full disk [${where}]`, () => {
    let install: Installed;
    let disk: SmallDisk;
    let mariadb: { url: string; stop(): Promise<void> } | null = null;
    let server: Awaited<ReturnType<typeof startTestServer>>;
    let visitor: TestSocket;

    before(async function () {
      this.timeout(120_000);
      if (where === 'sqlite') {
        disk = mountSmallDisk(this, { at: path.join(tmpDataDir(), 'db'), sizeBytes: 8 * 1024 * 1024 });
        install = await installFixture('sqlite', { database: { dialect: 'sqlite', storage: path.join(disk.dir, 'livechat.sqlite') } });
      } else {
        disk = mountSmallDisk(this, { at: path.join(tmpDataDir(), 'mariadb'), sizeBytes: 160 * 1024 * 1024 });
        mariadb = await startMariadbOnDisk(this, disk, await freePort());
        const admin = await mysql.createConnection(`${mariadb.url}/mysql`);
        await admin.query('CREATE DATABASE livechat_full CHARACTER SET utf8mb4');
        await admin.end();
        install = await installFixture('sqlite', { database: { dialect: 'mysql', url: `${mariadb.url}/livechat_full` } });
      }
      const db = install.open();
      const f = factories(db);
      const client = await f.client({ domains: ['example.test'] });
      await f.user('agent', { status: 'online' }, [client.id]);
      await db.close();
      server = await startTestServer(install);
      ({ socket: visitor } = await connectVisitor(server.baseUrl, client.widget_key));
    });
    after(async () => {
      visitor?.close();
      await server?.close();
      await mariadb?.stop();
      disk?.unmount();
    });

    it('answers disk_full with retryAfterMs instead of internal, and the same clientMsgId is stored once after space is freed', async function () {
      this.timeout(60_000);
      const started = await visitor.request({ type: 'chat.start', message: 'Hello', clientMsgId: newMsgId() });
      expect(started.ok, JSON.stringify(started)).to.equal(true);
      const chatId = started.chat.id;
      disk.fill(0);
      const body = 'x'.repeat(4000);
      let refused: { clientMsgId: string; reply: any } | null = null;
      // The WAL or the tablespace has some room of its own: send until a page is needed that the disk does not have.
      for (let i = 0; i < 400 && !refused; i++) {
        const clientMsgId = newMsgId();
        const reply = await visitor.request({ type: 'message.send', chatId, clientMsgId, body: `${i} ${body}` }, 10_000);
        if (!reply.ok) refused = { clientMsgId, reply };
      }
      expect(refused, 'no send was refused on a full disk').to.not.equal(null);
      expect(refused!.reply.error.code, JSON.stringify(refused!.reply)).to.equal('disk_full');
      expect(refused!.reply.error.message).to.match(/disk is full/);
      expect(refused!.reply.error.retryAfterMs).to.be.a('number').above(0);

      disk.free();
      const retried = await visitor.request({ type: 'message.send', chatId, clientMsgId: refused!.clientMsgId, body: 'after the disk was freed' }, 10_000);
      expect(retried.ok, JSON.stringify(retried)).to.equal(true);
      const db = install.open();
      try {
        expect(await db.models.Message.count({ where: { chat_id: chatId, client_msg_id: refused!.clientMsgId } })).to.equal(1);
      } finally {
        await db.close();
      }
    });
  });
}
