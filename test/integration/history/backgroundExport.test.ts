import fs from 'node:fs';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { QueryTypes } from 'sequelize';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { waitFor } from '../../helpers/wait.js';
import { seedHistory, type HistorySeed } from './seedHistory.js';

/** POST /api/history/exports: a big export runs in the background, shows its progress, and is downloaded by its owner only. */
describeEachDialect('chat history background export', (dialect) => {
  // Site A has 11 chats: past 5, a direct download is refused in favour of the background export.
  const scene = withServer(dialect, { exports: { downloadMaxChats: 5 } });
  let s: HistorySeed;
  let alex: ApiClient;
  let ann: ApiClient;

  before(async () => {
    s = await seedHistory(scene);
    alex = await signedIn(scene.server.baseUrl, 'alex@a.test', TEST_PASSWORD);
    ann = await signedIn(scene.server.baseUrl, 'ann@a.test', TEST_PASSWORD);
  });

  it('refuses a direct download past exports.downloadMaxChats, saying to run it in the background', async () => {
    const res = await alex.get('/api/history/export?format=csv');
    expect(res.status).to.equal(413);
    expect(res.body.error.message).to.equal('This export has 11 chats, more than the 5 a direct download takes: start it in the background (POST /api/history/exports) and download it from the link when it is done.');
    expect((await alex.get('/api/history/export?format=csv&status=active,offline')).status).to.equal(200);
  });

  it('runs the filtered export in the background, reports progress, and hands the file to its owner', async () => {
    const started = await alex.post('/api/history/exports', { format: 'csv', status: ['closed'], hasFiles: false, messages: true });
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
    expect(started.body.export).to.include({ status: 'running', format: 'csv', withMessages: true, downloadUrl: null });
    const exportId = started.body.export.id;
    const done = await waitFor('the export to finish', async () => {
      const res = await alex.get(`/api/history/exports/${exportId}`);
      return res.body.export.status === 'done' ? res.body.export : null;
    });
    const expected = await scene.db.sequelize.query<{ id: number }>(
      "SELECT id FROM chats c WHERE client_id = ? AND status = 'closed' AND NOT EXISTS (SELECT 1 FROM messages f WHERE f.chat_id = c.id AND f.message_type = 'file') ORDER BY started_at DESC, id DESC",
      { replacements: [s.siteA], type: QueryTypes.SELECT },
    );
    expect(done).to.include({ done: expected.length, total: expected.length, downloadUrl: `/api/history/exports/${exportId}/file` });
    const file = await fetch(`${scene.server.baseUrl}${done.downloadUrl}`, { headers: { cookie: alex.cookie! } });
    expect(file.status).to.equal(200);
    expect(file.headers.get('content-disposition')).to.match(/^attachment; filename="chat-history-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows: Record<string, string>[] = parse(Buffer.from(await file.arrayBuffer()), { columns: true, bom: true });
    expect(rows.filter((r) => r.Row === 'chat').map((r) => Number(r['Chat ID']))).to.deep.equal(expected.map((c) => Number(c.id)));
    // No file left half-written beside it.
    expect(fs.readdirSync(`${scene.install.dataDir}/exports`).filter((f) => f.includes('partial'))).to.deep.equal([]);

    // Another agent of the same website does not get it, by status or by file.
    expect((await ann.get(`/api/history/exports/${exportId}`)).status).to.equal(404);
    expect((await ann.get(`/api/history/exports/${exportId}/file`)).status).to.equal(404);
  });

  it('keeps to the user’s websites: a background export of another website is empty', async () => {
    const started = await alex.post('/api/history/exports', { format: 'csv', clientIds: [s.siteB] });
    const done = await waitFor('the export to finish', async () => {
      const res = await alex.get(`/api/history/exports/${started.body.export.id}`);
      return res.body.export.status === 'done' ? res.body.export : null;
    });
    expect(done).to.include({ done: 0, total: 0 });
    const text = await (await fetch(`${scene.server.baseUrl}${done.downloadUrl}`, { headers: { cookie: alex.cookie! } })).text();
    expect(text).to.not.include('Zed Secret');
    expect(parse(text, { columns: true, bom: true })).to.deep.equal([]);
  });

  it('refuses a bad request with a 422 and starts nothing', async () => {
    const [{ n: before }] = await scene.db.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM history_exports', { type: QueryTypes.SELECT });
    const res = await alex.post('/api/history/exports', { format: 'pdf', status: ['nope'] });
    expect(res.status).to.equal(422);
    expect(res.body.error.message).to.include('format').and.include('status');
    const [{ n: after }] = await scene.db.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM history_exports', { type: QueryTypes.SELECT });
    expect(Number(after)).to.equal(Number(before));
    expect((await alex.get('/api/history/exports/999999')).status).to.equal(404);
  });
});
