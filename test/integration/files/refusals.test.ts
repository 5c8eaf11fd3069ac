import type { Transaction } from 'sequelize';
import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { signVisitorToken } from '../../../lib/domain/visitors/visitorToken.js';
import { shareFile } from '../../../lib/domain/files/shareFile.js';
import { chatFileStorage } from '../../../lib/files/chatFileStorage.js';
import { createInProcessBus } from '../../../lib/events/inProcessBus.js';
import { unitOfWorkDeps } from '../../../lib/runner/unitOfWorkDeps.js';
import { fileScene, type FileScene } from '../../fixtures/files/scene.js';
import * as samples from '../../fixtures/files/samples.js';

/** A PDF of exactly `size` bytes: a real header, then padding. */
const pdfOfSize = (size: number) => Buffer.concat([samples.pdf(), Buffer.alloc(size - samples.pdf().length, 0x20)]);

describeEachDialect('chat file uploads refused', (dialect) => {
  let scene: FileScene;
  before(async () => {
    scene = await fileScene(dialect);
  });
  after(async () => scene.close());

  /** Runs a refused upload and checks that it left nothing behind: no message row, no file on disk. */
  async function refusedWithNothingStored(chatId: number, attempt: () => Promise<{ status: number; body: any }>) {
    const filesBefore = scene.storedFiles();
    const rowsBefore = await scene.db.models.Message.count();
    const res = await attempt();
    expect(scene.storedFiles(), 'files on disk').to.deep.equal(filesBefore);
    expect(await scene.db.models.Message.count(), 'message rows').to.equal(rowsBefore);
    expect(await scene.fileMessages(chatId)).to.have.length(0);
    return res;
  }

  it('refuses a renamed executable, a file whose name lies about its content, and types not accepted, saying why', async () => {
    const { token, chatId } = await scene.visitorChat();
    const exe = await refusedWithNothingStored(chatId, () => scene.visitorUpload(token, chatId, samples.exe(), 'invoice.pdf', { type: 'application/pdf' }));
    expect(exe.status).to.equal(415);
    expect(exe.body.error.code).to.equal('unsupported_file_type');
    expect(exe.body.error.message).to.equal('Only PDF, DOC, DOCX, JPG, JPEG, PNG files can be shared; this file\'s content is application/x-msdownload (.exe).');

    const mismatch = await refusedWithNothingStored(chatId, async () => scene.visitorUpload(token, chatId, await samples.png(), 'contract.pdf', { type: 'application/pdf' }));
    expect(mismatch.status).to.equal(415);
    expect(mismatch.body.error.code).to.equal('file_type_mismatch');
    expect(mismatch.body.error.message).to.include('named ".pdf" but its content is a PNG picture');

    const pdfAsExe = await refusedWithNothingStored(chatId, () => scene.visitorUpload(token, chatId, samples.pdf(), 'setup.exe'));
    expect(pdfAsExe.status).to.equal(415);
    expect(pdfAsExe.body.error.code).to.equal('file_type_mismatch');

    const { token: t2, chatId: c2 } = await scene.visitorChat();
    const zip = await refusedWithNothingStored(c2, () => scene.visitorUpload(t2, c2, samples.plainZip(), 'report.docx'));
    expect(zip.status).to.equal(415);
    expect(zip.body.error.message).to.include('application/zip');
    const script = await refusedWithNothingStored(c2, () => scene.visitorUpload(t2, c2, Buffer.from('#!/bin/sh\nrm -rf /\n'), 'notes.pdf'));
    expect(script.status).to.equal(415);
    expect(script.body.error.message).to.include('unrecognised type');

    const { token: t3, chatId: c3 } = await scene.visitorChat();
    const empty = await refusedWithNothingStored(c3, () => scene.visitorUpload(t3, c3, Buffer.alloc(0), 'empty.pdf'));
    expect(empty.status).to.equal(422);
    expect(empty.body.error.message).to.equal('The file is empty.');
  });

  it('refuses a file over 10 MB, whether it says so up front or not', async () => {
    const max = scene.install.config.files.maxBytes;
    expect(max).to.equal(10 * 1024 * 1024);
    const { token, chatId } = await scene.visitorChat();
    const justOver = await refusedWithNothingStored(chatId, () => scene.visitorUpload(token, chatId, pdfOfSize(max + 1), 'big.pdf'));
    expect(justOver.status).to.equal(413);
    expect(justOver.body.error).to.deep.include({ code: 'file_too_large', message: 'The file is larger than the 10 MB allowed.' });
    const farOver = await refusedWithNothingStored(chatId, () => scene.visitorUpload(token, chatId, pdfOfSize(12 * 1024 * 1024), 'bigger.pdf'));
    expect(farOver.status).to.equal(413);
    const exactly = await scene.visitorUpload(token, chatId, pdfOfSize(max), 'max.pdf');
    expect(exactly.status, JSON.stringify(exactly.body)).to.equal(201);
  });

  it("refuses uploads into another tenant's chat, or a chat the sender may not write in, as not found or forbidden", async () => {
    const mine = await scene.visitorChat();
    const theirs = await scene.visitorChat();
    const foreignSite = await scene.visitorChat({ site: scene.otherSite, joined: ['olga'] });

    const otherVisitor = await refusedWithNothingStored(theirs.chatId, () => scene.visitorUpload(mine.token, theirs.chatId, samples.pdf(), 'a.pdf'));
    expect(otherVisitor.status).to.equal(404);
    expect(otherVisitor.body.error.code).to.equal('not_found');
    const otherSite = await refusedWithNothingStored(foreignSite.chatId, () => scene.visitorUpload(mine.token, foreignSite.chatId, samples.pdf(), 'a.pdf'));
    expect(otherSite.status).to.equal(404);

    const otherClientsAgent = await refusedWithNothingStored(mine.chatId, () => scene.agentUpload('olga', mine.chatId, samples.pdf(), 'a.pdf'));
    expect(otherClientsAgent.status).to.equal(404);
    const notJoined = await refusedWithNothingStored(mine.chatId, () => scene.agentUpload('sam', mine.chatId, samples.pdf(), 'a.pdf'));
    expect(notJoined.status).to.equal(403);
    expect(notJoined.body.error.code).to.equal('not_participant');
    const manager = await refusedWithNothingStored(mine.chatId, () => scene.agentUpload('mona', mine.chatId, samples.pdf(), 'a.pdf'));
    expect(manager.status).to.equal(403);

    const forged = signVisitorToken('x'.repeat(64), { visitorId: mine.visitorId, clientId: scene.site.id }, Date.now());
    const badToken = await refusedWithNothingStored(mine.chatId, () => scene.visitorUpload(forged, mine.chatId, samples.pdf(), 'a.pdf'));
    expect(badToken.status).to.equal(401);
    const noToken = await refusedWithNothingStored(mine.chatId, async () => {
      const res = await fetch(`${scene.server.baseUrl}/api/widget/chats/${mine.chatId}/files`, { method: 'POST', body: new FormData() });
      return { status: res.status, body: await res.json() };
    });
    expect(noToken.status).to.equal(401);

    await scene.db.models.Chat.update({ status: 'closed', ended_at: new Date() }, { where: { id: mine.chatId } });
    const closed = await refusedWithNothingStored(mine.chatId, () => scene.visitorUpload(mine.token, mine.chatId, samples.pdf(), 'a.pdf'));
    expect(closed.status).to.equal(409);
    expect(closed.body.error.code).to.equal('chat_closed');
  });

  it('allows 5 uploads a minute per sender, then answers 429 with Retry-After, storing nothing more', async () => {
    const { token, chatId } = await scene.visitorChat({ joined: ['alex'] });
    for (let i = 1; i <= 5; i++) expect((await scene.visitorUpload(token, chatId, samples.pdf(), `v${i}.pdf`)).status).to.equal(201);
    const filesBefore = scene.storedFiles();
    const sixth = await scene.visitorUpload(token, chatId, samples.pdf(), 'v6.pdf');
    expect(sixth.status).to.equal(429);
    expect(sixth.body.error.code).to.equal('rate_limited');
    expect(sixth.body.error.message).to.match(/^Too many uploads: 5 per minute at most; try again in \d+ second\(s\)\.$/);
    expect(Number(sixth.headers.get('retry-after'))).to.be.within(1, 60);
    expect(scene.storedFiles()).to.deep.equal(filesBefore);
    expect(await scene.fileMessages(chatId)).to.have.length(5);

    // The limit is the sender's: the agent in the same chat and another visitor still have theirs.
    for (let i = 1; i <= 5; i++) expect((await scene.agentUpload('alex', chatId, samples.pdf(), `a${i}.pdf`)).status).to.equal(201);
    expect((await scene.agentUpload('alex', chatId, samples.pdf(), 'a6.pdf')).status).to.equal(429);
    const other = await scene.visitorChat();
    expect((await scene.visitorUpload(other.token, other.chatId, samples.pdf(), 'x.pdf')).status).to.equal(201);
    expect(await scene.fileMessages(chatId)).to.have.length(10);
  });

  it('removes the stored file when the unit of work fails after writing it', async () => {
    const { visitorId, chatId } = await scene.visitorChat();
    const storage = chatFileStorage(scene.install.dataDir);
    // The message store refuses the row after the file is written (reads go through as usual).
    const messageStores = {
      forTransaction: (transaction: Transaction | undefined) => ({
        read: scene.db.messageStores.forTransaction(transaction).read,
        write: async () => Promise.reject(new Error('the database refused the row')),
      }),
    };
    const bus = createInProcessBus(() => {});
    const heard: unknown[] = [];
    bus.subscribe((e) => heard.push(e));
    const filesBefore = scene.storedFiles();
    let error: Error | null = null;
    try {
      await shareFile(
        { ...unitOfWorkDeps(scene.db, bus), messageStores, storage, rules: { maxBytes: 1e7, allowedTypes: ['png'], scan: null } },
        { type: 'visitor', id: visitorId, clientId: scene.site.id },
        { type: 'visitor', visitorId },
        { chatId },
        { bytes: await samples.png(), name: 'lost.png' },
      );
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).to.equal('the database refused the row');
    expect(scene.storedFiles()).to.deep.equal(filesBefore);
    expect(await scene.fileMessages(chatId)).to.have.length(0);
    expect((await scene.db.models.Chat.findByPk(chatId))!.last_seq).to.equal(0);
    expect(heard).to.deep.equal([]);
    await bus.close();
  });
});

describeEachDialect('chat file uploads, configured', (dialect) => {
  let scene: FileScene;
  before(async () => {
    scene = await fileScene(dialect, { files: { allowedTypes: ['pdf', 'jpg'], maxBytes: 100_000, uploadsPerMinute: 2 } });
  });
  after(async () => scene.close());

  it('follows files.allowedTypes, files.maxBytes and files.uploadsPerMinute', async () => {
    const { token, chatId } = await scene.visitorChat();
    const png = await scene.visitorUpload(token, chatId, await samples.png(), 'a.png');
    expect(png.status).to.equal(415);
    expect(png.body.error.message).to.equal("Only PDF, JPG files can be shared; this file's content is a PNG picture.");
    const jpeg = await scene.visitorUpload(token, chatId, await samples.jpeg(300, 200), 'a.jpeg');
    expect(jpeg.status).to.equal(415);
    expect(jpeg.body.error.code).to.equal('file_type_mismatch');
    const other = await scene.visitorChat();
    const big = await scene.visitorUpload(other.token, other.chatId, pdfOfSize(100_001), 'big.pdf');
    expect(big.status).to.equal(413);
    expect(big.body.error.message).to.equal('The file is larger than the 98 KB allowed.');
    expect((await scene.visitorUpload(other.token, other.chatId, samples.pdf(), 'ok.pdf')).status).to.equal(201);
    expect((await scene.visitorUpload(other.token, other.chatId, samples.pdf(), 'third.pdf')).status).to.equal(429);
    expect(scene.storedFiles()).to.have.length(1);
  });
});
