import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describeEachDialect } from '../../helpers/databases.js';
import { connectAgent, connectVisitor } from '../../helpers/visitors.js';
import { TestSocket } from '../../helpers/rtclient.js';
import { fileScene, SITE_ORIGIN, type FileScene } from '../../fixtures/files/scene.js';
import * as samples from '../../fixtures/files/samples.js';

const STORED_NAME = /^chat-files\/(\d+)\/(\d{13})_([0-9a-f]{12})_([A-Za-z0-9._-]+)$/;

describeEachDialect('chat file uploads', (dialect) => {
  let scene: FileScene;
  const sockets: TestSocket[] = [];
  before(async () => {
    // Many uploads per sender here; the limit itself is tested in refusals.test.ts.
    scene = await fileScene(dialect, { files: { uploadsPerMinute: 1000 } });
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await scene.close();
  });

  it('takes PDF, DOCX, DOC, PNG and JPEG from a visitor, typed from their bytes and stored privately as chat-files/{chat}/{timestamp}_{random}_{name}', async () => {
    const { token, chatId } = await scene.visitorChat();
    const files: [string, Buffer, string][] = [
      ['Quote 2026.pdf', samples.pdf(), 'application/pdf'],
      ['contract.docx', samples.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['old letter.doc', samples.doc(), 'application/msword'],
      ['screen shot.png', await samples.png(), 'image/png'],
      ['photo.JPEG', await samples.jpeg(), 'image/jpeg'],
    ];
    for (const [name, bytes, mime] of files) {
      // The declared Content-Type is deliberately wrong: only the bytes count.
      const res = await scene.visitorUpload(token, chatId, bytes, name, { type: 'text/plain' });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body.message).to.include({ chatId, type: 'file', senderType: 'visitor', body: null });
      expect(res.body.message.file).to.deep.equal({ name, size: bytes.length, type: mime, expired: false });
    }
    const rows = await scene.fileMessages(chatId);
    expect(rows.map((r) => [r.file_name, r.file_size, r.file_type])).to.deep.equal(files.map(([n, b, m]) => [n, b.length, m]));
    expect(rows.map((r) => r.seq)).to.deep.equal([1, 2, 3, 4, 5]);
    for (const [i, row] of rows.entries()) {
      const match = STORED_NAME.exec(row.file_path!);
      expect(match, row.file_path!).to.not.equal(null);
      expect(Number(match![1])).to.equal(chatId);
      expect(match![4]).to.equal(files[i][0].replace(/ /g, '_'));
      const onDisk = fs.readFileSync(path.join(scene.storageDir, row.file_path!));
      expect(onDisk.equals(files[i][1])).to.equal(true);
    }
    // Pictures get a preview beside them: smaller, same format, at most 320 px.
    for (const row of rows.filter((r) => r.file_type!.startsWith('image/'))) {
      const preview = await sharp(path.join(scene.storageDir, `${row.file_path}.thumb`)).metadata();
      expect(preview.format).to.equal(row.file_type === 'image/png' ? 'png' : 'jpeg');
      expect(Math.max(preview.width!, preview.height!)).to.equal(320);
    }
    expect(fs.existsSync(path.join(scene.storageDir, `${rows[0].file_path}.thumb`))).to.equal(false);
    // Nothing of it is reachable by a plain URL: storage is never served.
    const direct = await fetch(`${scene.server.baseUrl}/${rows[0].file_path}`);
    expect(direct.headers.get('content-type') ?? '').to.not.include('pdf');
  });

  it('takes files from an agent of the chat through the dashboard (session cookie and CSRF header), and not without the CSRF header', async () => {
    const { chatId } = await scene.visitorChat({ joined: ['alex'] });
    const pdfRes = await scene.agentUpload('alex', chatId, samples.pdf(), 'price list.pdf');
    expect(pdfRes.status, JSON.stringify(pdfRes.body)).to.equal(201);
    expect(pdfRes.body.message).to.include({ senderType: 'agent', senderName: 'Alex', type: 'file' });
    for (const [name, bytes] of [['offer.docx', samples.docx()], ['diagram.png', await samples.png()], ['team.jpg', await samples.jpeg()]] as const) {
      const res = await scene.agentUpload('alex', chatId, bytes, name);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body.message.file.name).to.equal(name);
    }
    expect((await scene.fileMessages(chatId)).map((m) => m.sender_id)).to.deep.equal(Array(4).fill(scene.people.alex.id));
    const chat = await scene.db.models.Chat.findByPk(chatId);
    expect(chat!.first_response_at).to.not.equal(null);

    const api = await scene.api('alex');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(samples.pdf())]), 'sneaky.pdf');
    const noCsrf = await api.request('POST', `/api/chats/${chatId}/files`, form, { 'x-csrf-token': '' });
    expect(noCsrf.status).to.equal(403);
    expect(noCsrf.body.error.code).to.equal('csrf_failed');
    expect(await scene.fileMessages(chatId)).to.have.length(4);
  });

  it("delivers the file's message.created and file.shared to the visitor and the agents, whoever sent it", async () => {
    const { chatId, token } = await scene.visitorChat({ joined: ['alex'] });
    const visitorSocket = (await connectVisitor(scene.server.baseUrl, scene.site.widget_key, SITE_ORIGIN)).socket;
    // A socket of the same visitor: reconnect with the chat's visitor token.
    const visitor = await TestSocket.connect(`${scene.server.baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`, { origin: SITE_ORIGIN });
    const alex = await connectAgent(scene.server.baseUrl, (await scene.api('alex')).cookie!);
    const sam = await connectAgent(scene.server.baseUrl, (await scene.api('sam')).cookie!);
    sockets.push(visitorSocket, visitor, alex, sam);
    expect((await visitor.request({ type: 'subscribe', channel: `chat.${chatId}` })).ok).to.equal(true);
    expect((await alex.request({ type: 'subscribe', channel: `chat.${chatId}` })).ok).to.equal(true);
    expect((await sam.request({ type: 'subscribe', channel: `visitors.${scene.site.id}` })).ok).to.equal(true);

    const fromVisitor = await scene.visitorUpload(token, chatId, await samples.png(), 'map.png');
    expect(fromVisitor.status).to.equal(201);
    const id1 = fromVisitor.body.message.id;
    for (const socket of [visitor, alex, sam]) {
      const created = await socket.event('message.created', (e) => e.message.id === id1);
      expect(created.message.file).to.deep.include({ name: 'map.png', type: 'image/png' });
      const shared = await socket.event('file.shared', (e) => e.messageId === id1);
      expect(shared).to.include({ chatId, senderType: 'visitor', preview: true, seq: fromVisitor.body.message.seq });
    }

    const fromAgent = await scene.agentUpload('alex', chatId, samples.pdf(), 'terms.pdf');
    expect(fromAgent.status).to.equal(201);
    const id2 = fromAgent.body.message.id;
    for (const socket of [visitor, alex, sam]) {
      const created = await socket.event('message.created', (e) => e.message.id === id2);
      expect(created.message).to.include({ senderType: 'agent', senderName: 'Alex' });
      expect((await socket.event('file.shared', (e) => e.messageId === id2)).preview).to.equal(false);
    }
    // The other visitor (another chat of the same site) hears nothing of it.
    expect(visitorSocket.events.filter((e) => e.chatId === chatId)).to.deep.equal([]);
  });

  it('answers the widget across origins for the website’s domains only, and lets the widget read a refusal', async () => {
    const { token, chatId } = await scene.visitorChat();
    const preflight = await fetch(`${scene.server.baseUrl}/api/widget/chats/${chatId}/files`, {
      method: 'OPTIONS',
      headers: { origin: SITE_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).to.equal(204);
    expect(preflight.headers.get('access-control-allow-headers')).to.include('authorization');

    const ok = await scene.visitorUpload(token, chatId, samples.pdf(), 'a.pdf');
    expect(ok.status).to.equal(201);
    expect(ok.headers.get('access-control-allow-origin')).to.equal(SITE_ORIGIN);
    const wrongType = await scene.visitorUpload(token, chatId, samples.exe(), 'a.pdf');
    expect(wrongType.status).to.equal(415);
    expect(wrongType.headers.get('access-control-allow-origin')).to.equal(SITE_ORIGIN);

    const foreignPage = await scene.visitorUpload(token, chatId, samples.pdf(), 'b.pdf', { origin: 'https://evil.test' });
    expect(foreignPage.status).to.equal(403);
    expect(foreignPage.body.error.code).to.equal('origin_not_allowed');
    expect(await scene.fileMessages(chatId)).to.have.length(1);
  });

  it('stores names safely: no path parts, no control or bidi characters, bounded length, the right extension added', async () => {
    const { token, chatId } = await scene.visitorChat();
    const before = scene.storedFiles();
    const cases: [string, Buffer, string][] = [
      ['../../etc/passwd.pdf', samples.pdf(), 'passwd.pdf'],
      ['..\\..\\windows\\win.ini.pdf', samples.pdf(), 'win.ini.pdf'],
      ['invoice\u202Efdp.pdf', samples.pdf(), 'invoicefdp.pdf'],
      ['a<b>:c|d?e*f.pdf', samples.pdf(), 'a_b__c_d_e_f.pdf'],
      [`${'x'.repeat(300)}.pdf`, samples.pdf(), `${'x'.repeat(116)}.pdf`],
      ['scan', samples.pdf(), 'scan.pdf'],
      ['Minutes 10.30', samples.pdf(), 'Minutes 10.30.pdf'],
      ['CON.pdf', samples.pdf(), '_CON.pdf'],
      ['Résumé été.docx', samples.docx(), 'Résumé été.docx'],
    ];
    for (const [raw, bytes, shown] of cases) {
      const res = await scene.visitorUpload(token, chatId, bytes, raw);
      expect(res.status, `${JSON.stringify(raw)}: ${JSON.stringify(res.body)}`).to.equal(201);
      expect(res.body.message.file.name, JSON.stringify(raw)).to.equal(shown);
    }
    // Names as RFC 5987 allows them, which can carry what a header cannot: NUL, newlines, escapes, bidi overrides, slashes.
    const raw: [string, string][] = [
      [`filename*=UTF-8''${encodeURIComponent('bad\u0000na\r\nme\u001b[31m.pdf')}`, 'badname[31m.pdf'],
      [`filename*=UTF-8''${encodeURIComponent('report\u202Efdp.exe.pdf')}`, 'reportfdp.exe.pdf'],
      [`filename*=UTF-8''${encodeURIComponent('../../../../tmp/x.pdf')}`, 'x.pdf'],
      [`filename*=UTF-8''${encodeURIComponent('..')}`, null as unknown as string],
    ];
    for (const [disposition, shown] of raw) {
      const res = await scene.visitorUploadRaw(token, chatId, samples.pdf(), disposition);
      if (shown === null) {
        // busboy reads a bare ".." as no file name at all: refused as "no file", never stored as "..".
        expect(res.status, JSON.stringify(res.body)).to.equal(422);
        continue;
      }
      expect(res.status, `${disposition}: ${JSON.stringify(res.body)}`).to.equal(201);
      expect(res.body.message.file.name, disposition).to.equal(shown);
    }
    const added = scene.storedFiles().filter((p) => !before.includes(p));
    expect(added).to.have.length(cases.length + raw.length - 1);
    for (const file of added) {
      expect(file, file).to.match(STORED_NAME);
      expect(file.startsWith(`chat-files/${chatId}/`)).to.equal(true);
    }
    expect(added.some((p) => p.endsWith('_Resume_ete.docx'))).to.equal(true);
    expect(fs.existsSync(path.join(scene.install.dataDir, 'etc'))).to.equal(false);
  });

  it('answers a resend with the same clientMsgId with the first message, storing one file', async () => {
    const { token, chatId } = await scene.visitorChat();
    const before = scene.storedFiles().length;
    const first = await scene.visitorUpload(token, chatId, samples.pdf(), 'once.pdf', { clientMsgId: 'upload-1' });
    const again = await scene.visitorUpload(token, chatId, samples.pdf(), 'once.pdf', { clientMsgId: 'upload-1' });
    expect(first.status).to.equal(201);
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.include({ duplicate: true });
    expect(again.body.message.id).to.equal(first.body.message.id);
    expect(await scene.fileMessages(chatId)).to.have.length(1);
    expect(scene.storedFiles().length).to.equal(before + 1);
  });
});
