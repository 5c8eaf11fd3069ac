import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describeEachDialect } from '../../helpers/databases.js';
import { ApiClient } from '../../helpers/http.js';
import { signDownloadToken } from '../../../lib/files/downloadToken.js';
import { fileScene, SITE_ORIGIN, type FileScene } from '../../fixtures/files/scene.js';
import * as samples from '../../fixtures/files/samples.js';

describeEachDialect('chat file downloads', (dialect) => {
  let scene: FileScene;
  let chat: Awaited<ReturnType<FileScene['visitorChat']>>;
  let pdfId: number;
  let pngId: number;
  let pngBytes: Buffer;
  const pdfBytes = samples.pdf('download me');

  before(async () => {
    scene = await fileScene(dialect, { files: { uploadsPerMinute: 100 } });
    chat = await scene.visitorChat({ joined: ['alex'] });
    pdfId = (await scene.visitorUpload(chat.token, chat.chatId, pdfBytes, 'Devis n°42 "final".pdf')).body.message.id;
    pngBytes = await samples.png(1600, 1200);
    pngId = (await scene.agentUpload('alex', chat.chatId, pngBytes, 'plan.png')).body.message.id;
  });
  after(async () => scene.close());

  /** A download link as the widget asks for it. */
  const visitorLink = async (token: string, messageId: number, origin = SITE_ORIGIN) => {
    const res = await fetch(`${scene.server.baseUrl}/api/widget/files/${messageId}/link`, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin } });
    return { status: res.status, body: (await res.json()) as any, headers: res.headers };
  };
  const get = (url: string, headers: Record<string, string> = {}) => fetch(scene.server.baseUrl + url, { headers });
  const audits = (messageId: number) => scene.db.models.AuditLog.findAll({ where: { target_type: 'message', target_id: messageId }, order: [['id', 'ASC']] });

  it('gives the visitor a short-lived link, downloads the exact bytes as an attachment that may not be sniffed, and audits it', async () => {
    const link = await visitorLink(chat.token, pdfId);
    expect(link.status, JSON.stringify(link.body)).to.equal(200);
    expect(link.headers.get('access-control-allow-origin')).to.equal(SITE_ORIGIN);
    expect(link.body.url).to.equal(`/api/files/${pdfId}?token=${encodeURIComponent(link.body.token)}`);
    expect(link.body.previewUrl).to.equal(null);
    const lifetime = new Date(link.body.expiresAt).getTime() - Date.now();
    expect(lifetime).to.be.within(290_000, 300_000);

    const res = await get(link.body.url);
    expect(res.status).to.equal(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(pdfBytes)).to.equal(true);
    expect(res.headers.get('content-type')).to.equal('application/pdf');
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('content-disposition')).to.equal(
      `attachment; filename="Devis n_42 _final_.pdf"; filename*=UTF-8''Devis%20n%C2%B042%20_final_.pdf`,
    );
    expect(res.headers.get('cache-control')).to.equal('private, no-store');

    const rows = await audits(pdfId);
    expect(rows.map((r) => [r.actor_type, r.actor_id, r.action])).to.deep.equal([['visitor', chat.visitorId, 'file.downloaded']]);
    expect(rows[0].details).to.deep.include({ chatId: chat.chatId, name: 'Devis n°42 _final_.pdf' });
  });

  it('lets the agents who may see the chat download (participant, agent of the website, manager, super admin), each audited, and no one else', async () => {
    for (const who of ['alex', 'sam', 'mona', 'ada'] as const) {
      const api = await scene.api(who);
      const link = await api.post(`/api/files/${pdfId}/link`);
      expect(link.status, `${who}: ${JSON.stringify(link.body)}`).to.equal(200);
      const res = await get(link.body.url, { cookie: api.cookie! });
      expect(res.status, who).to.equal(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(pdfBytes)).to.equal(true);
    }
    const downloads = (await audits(pdfId)).filter((r) => r.actor_type === 'user');
    expect(downloads.map((r) => r.actor_id)).to.deep.equal(['alex', 'sam', 'mona', 'ada'].map((w) => scene.people[w as 'alex'].id));

    const olga = await (await scene.api('olga')).post(`/api/files/${pdfId}/link`);
    expect(olga.status).to.equal(404);
    expect(olga.body.error.code).to.equal('not_found');
    const otherVisitor = await scene.visitorChat();
    expect((await visitorLink(otherVisitor.token, pdfId)).status).to.equal(404);
    const anonymous = await new ApiClient(scene.server.baseUrl).post(`/api/files/${pdfId}/link`);
    expect(anonymous.status).to.equal(401);
    const textMessage = await scene.db.models.Message.create({ chat_id: chat.chatId, seq: 99, sender_type: 'visitor', message_type: 'text', body: 'hi' });
    expect((await visitorLink(chat.token, textMessage.id)).status).to.equal(404);
    await textMessage.destroy();
  });

  it('serves a preview of a picture with the same token rules', async () => {
    const link = await visitorLink(chat.token, pngId);
    expect(link.body.previewUrl).to.equal(`/api/files/${pngId}/preview?token=${encodeURIComponent(link.body.token)}`);
    const preview = await get(link.body.previewUrl);
    expect(preview.status).to.equal(200);
    expect(preview.headers.get('content-type')).to.equal('image/png');
    expect(preview.headers.get('x-content-type-options')).to.equal('nosniff');
    const meta = await sharp(Buffer.from(await preview.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).to.deep.equal([320, 240]);
    const full = await get(link.body.url);
    expect(Buffer.from(await full.arrayBuffer()).equals(pngBytes)).to.equal(true);
    expect((await audits(pngId)).map((r) => r.action)).to.deep.equal(['file.previewed', 'file.downloaded']);

    const pdfLink = await visitorLink(chat.token, pdfId);
    expect((await get(`/api/files/${pdfId}/preview?token=${encodeURIComponent(pdfLink.body.token)}`)).status).to.equal(404);
    expect((await get(`/api/files/${pngId}/preview?token=forged.token`)).status).to.equal(403);
  });

  it('refuses a forged token, an expired token, a token for another message and another user’s token, leaking nothing', async () => {
    const secret = scene.install.config.secrets.session!;
    const lastBefore = Math.max(0, ...(await audits(pdfId)).map((r) => r.id));
    const refused = async (url: string, headers: Record<string, string> = {}) => {
      const res = await get(url, headers);
      const body = (await res.json()) as any;
      expect(res.headers.get('content-type')).to.include('application/json');
      expect(JSON.stringify(body)).to.not.include('download me');
      return { status: res.status, body };
    };

    const forgedKey = signDownloadToken('another install secret, 32 chars!!', { messageId: pdfId, downloader: { type: 'visitor', id: chat.visitorId, clientId: scene.site.id } }, 300, Date.now());
    const forged = await refused(`/api/files/${pdfId}?token=${encodeURIComponent(forgedKey.token)}`);
    expect(forged.status).to.equal(403);
    expect(forged.body.error).to.deep.equal({ code: 'download_refused', message: 'This download link is not valid.' });

    const genuine = await visitorLink(chat.token, pdfId);
    const [payload, mac] = genuine.body.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${Buffer.from(JSON.stringify({ ...claims, m: pngId })).toString('base64url')}.${mac}`;
    expect((await refused(`/api/files/${pngId}?token=${encodeURIComponent(tampered)}`)).status).to.equal(403);
    expect((await refused(`/api/files/${pdfId}`)).status).to.equal(403);
    expect((await refused(`/api/files/${pdfId}?token=${'a'.repeat(600)}`)).status).to.equal(403);

    const expired = signDownloadToken(secret, { messageId: pdfId, downloader: { type: 'visitor', id: chat.visitorId, clientId: scene.site.id } }, -1, Date.now());
    const late = await refused(`/api/files/${pdfId}?token=${encodeURIComponent(expired.token)}`);
    expect(late.status).to.equal(403);
    expect(late.body.error.message).to.equal('This download link has expired: open the file again from the chat.');

    const forPng = await visitorLink(chat.token, pngId);
    const swapped = await refused(`/api/files/${pdfId}?token=${encodeURIComponent(forPng.body.token)}`);
    expect(swapped.status).to.equal(403);
    expect(swapped.body.error.message).to.equal('This download link is for another file.');

    // Alex's link, followed from Sam's signed-in browser, is refused: it names Alex.
    const alexLink = await (await scene.api('alex')).post(`/api/files/${pdfId}/link`);
    const samBrowser = await refused(alexLink.body.url, { cookie: (await scene.api('sam')).cookie! });
    expect(samBrowser.status).to.equal(403);
    expect(samBrowser.body.error.message).to.equal('This download link was issued to someone else.');

    // A token minted for someone who cannot see the chat (a foreign agent) is refused at download too.
    const olgaToken = signDownloadToken(secret, { messageId: pdfId, downloader: { type: 'user', id: scene.people.olga.id } }, 300, Date.now());
    expect((await refused(`/api/files/${pdfId}?token=${encodeURIComponent(olgaToken.token)}`)).status).to.equal(404);

    // Nothing was downloaded, so nothing was audited.
    expect((await audits(pdfId)).filter((r) => r.id > lastBefore)).to.deep.equal([]);
  });

  it('answers 410 "File expired" once the file was expired or has gone from the disk, at the link and at the download', async () => {
    const expiring = (await scene.visitorUpload(chat.token, chat.chatId, samples.pdf(), 'old.pdf')).body.message.id;
    const link = await visitorLink(chat.token, expiring);
    expect(link.status).to.equal(200);
    const row = await scene.db.models.Message.findByPk(expiring);
    fs.rmSync(path.join(scene.storageDir, row!.file_path!));
    const missing = await get(link.body.url);
    expect(missing.status).to.equal(410);
    expect(((await missing.json()) as any).error).to.deep.equal({ code: 'file_expired', message: 'File expired' });
    expect((await visitorLink(chat.token, expiring)).status).to.equal(410);

    await row!.update({ file_path: null, file_deleted_at: new Date() });
    const gone = await visitorLink(chat.token, expiring);
    expect(gone.status).to.equal(410);
    expect(gone.body.error.message).to.equal('File expired');
    const agent = await (await scene.api('alex')).post(`/api/files/${expiring}/link`);
    expect(agent.status).to.equal(410);
    expect((await get(link.body.url)).status).to.equal(410);
    expect((await audits(expiring)).filter((r) => r.action === 'file.downloaded')).to.deep.equal([]);
  });
});
