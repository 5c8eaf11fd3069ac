import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import JSZip from 'jszip';
import { QueryTypes } from 'sequelize';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import type { Database } from '../../../lib/db/index.js';
import { runCli } from '../../helpers/cli.js';

const NAME = 'Zelda Quixotic';
const EMAIL = 'zelda.quixotic@mailbox.test';
const PHONE = '+44 7700 900123';
const TEXT = 'my platypus password is xylophone42';
const TRACES = [NAME, EMAIL, PHONE, 'xylophone42', 'Quixotic', 'platypus'];

/** Every row of every table (search index shadow tables included), as text: what a dump of the database holds. */
async function dumpDatabase(db: Database): Promise<string> {
  const sequelize = db.sequelize;
  const tables =
    sequelize.getDialect() === 'sqlite'
      ? (await sequelize.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'", { type: QueryTypes.SELECT })).map((t) => t.name)
      : (await sequelize.query<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()', { type: QueryTypes.SELECT })).map((t) => t.t);
  const out: string[] = [];
  for (const table of tables) {
    const rows = await sequelize.query<Record<string, unknown>>(`SELECT * FROM ${sequelize.getQueryInterface().quoteIdentifier(table)}`, { type: QueryTypes.SELECT });
    for (const row of rows) out.push(`${table} ${Object.values(row).map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : typeof v === 'object' ? JSON.stringify(v) : String(v))).join(' | ')}`);
  }
  return out.join('\n');
}

/** Every file name and content under the data folder's storage. */
function dumpFiles(root: string): string {
  if (!fs.existsSync(root)) return '';
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => `${e.name}\n${fs.readFileSync(path.join(e.parentPath, e.name), 'latin1')}`)
    .join('\n');
}

describeEachDialect('erasing a visitor (GDPR)', (dialect) => {
  const scene = withServer(dialect);
  let root: ApiClient;
  let agent: ApiClient;
  const ids: Record<string, number> = {};
  let filePath = '';

  before(async () => {
    const { f, db } = scene;
    const site = await f.client({ name: 'Erase Site' });
    const agentUser = await f.user('agent', { email: 'agent@example.test', pseudo_name: 'Ann' }, [site.id]);
    const rootUser = await f.user('super_admin', { email: 'root@example.test' });
    const zelda = await f.visitor(site.id, { name: NAME, email: EMAIL, phone: PHONE, ip_address: '203.0.113.77', city: 'Quixoticville' });
    const other = await f.visitor(site.id, { name: 'Otto Keep', email: 'otto@keep.test' });
    const chat = await f.chat(site.id, zelda.id, { status: 'closed', started_at: new Date(), rating: 4, rating_comment: `thanks, ${NAME}` });
    await f.message(chat.id, { body: TEXT });
    const reply = await f.message(chat.id, { body: `Hello ${NAME}, noted: ${PHONE}`, sender_type: 'agent', sender_id: agentUser.id });
    await db.models.MessageChange.create({ chat_id: chat.id, message_id: reply.id, seq: 99, client_change_id: 'c1', actor_type: 'agent', actor_id: agentUser.id, kind: 'edit', previous_body: `Hi ${NAME}` });
    const rel = `chat-files/${chat.id}/passport-quixotic.txt`;
    fs.mkdirSync(path.join(scene.install.dataDir, 'storage', 'chat-files', String(chat.id)), { recursive: true });
    filePath = path.join(scene.install.dataDir, 'storage', rel);
    fs.writeFileSync(filePath, `${NAME} ${EMAIL}`);
    fs.writeFileSync(`${filePath}.thumb`, NAME);
    await f.message(chat.id, { body: null, message_type: 'file', file_path: rel, file_name: 'passport-quixotic.txt', file_size: 40, file_type: 'text/plain' });
    const visit = await db.models.VisitorSession.create({ visitor_id: zelda.id, client_id: site.id, session_key: 's-erase', referrer_url: `https://mail.test/?to=${EMAIL}`, landing_page: 'https://site.test/?name=Quixotic', current_page: null, utm: null, is_online: false, started_at: new Date(), last_activity_at: new Date() });
    await db.models.PageVisit.create({ visitor_session_id: visit.id, page_url: `https://site.test/account?email=${EMAIL}`, page_title: `Account of ${NAME}`, time_spent: 5 });
    await db.models.Notification.create({ user_id: agentUser.id, type: 'chat_waiting', data: { chatId: chat.id, visitorName: NAME } as never });
    const otherChat = await f.chat(site.id, other.id, { started_at: new Date() });
    await f.message(otherChat.id, { body: 'Otto keeps his words' });
    Object.assign(ids, { site: site.id, zelda: zelda.id, other: other.id, chat: chat.id, agent: agentUser.id, root: rootUser.id });
    root = await signedIn(scene.server.baseUrl, 'root@example.test', TEST_PASSWORD);
    agent = await signedIn(scene.server.baseUrl, 'agent@example.test', TEST_PASSWORD);
    // A search made the FTS index hold the words (SQLite): the erase must reach it too.
    expect((await agent.get('/api/history?q=xylophone42')).body.chats).to.have.length(1);
  });

  it('is for super admins only: an agent is refused and nothing changes', async () => {
    const res = await agent.post(`/api/visitors/${ids.zelda}/erase`);
    expect(res.status).to.equal(403);
    expect((await scene.db.models.Visitor.findByPk(ids.zelda))!.name).to.equal(NAME);
    expect((await root.post('/api/visitors/999999/erase')).status).to.equal(404);
  });

  it("exports everything held about the visitor as a ZIP of JSON and files (super admins only)", async () => {
    expect((await agent.get(`/api/visitors/${ids.zelda}/export`)).status).to.equal(403);
    const res = await fetch(`${scene.server.baseUrl}/api/visitors/${ids.zelda}/export`, { headers: { cookie: root.cookie! } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/zip');
    expect(res.headers.get('content-disposition')).to.contain(`visitor-${ids.zelda}.zip`);
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    expect(Object.keys(zip.files).sort()).to.include.members(['chats.json', 'sessions.json', 'visitor.json']);
    const visitor = JSON.parse(await zip.file('visitor.json')!.async('string'));
    expect(visitor).to.include({ id: ids.zelda, name: NAME, email: EMAIL, phone: PHONE });
    const chats = JSON.parse(await zip.file('chats.json')!.async('string'));
    expect(chats).to.have.length(1);
    expect(chats[0]).to.include({ rating: 4 });
    expect(chats[0].messages.map((m: { body: string | null }) => m.body)).to.include(TEXT);
    expect(chats[0].changes).to.have.length(1);
    const sessions = JSON.parse(await zip.file('sessions.json')!.async('string'));
    expect(sessions[0].pages[0].page_title).to.equal(`Account of ${NAME}`);
    const file = Object.keys(zip.files).find((n) => n.startsWith(`files/${ids.chat}/`) && !zip.files[n].dir)!;
    expect(await zip.file(file)!.async('string')).to.equal(`${NAME} ${EMAIL}`);
    // Nothing of the other visitor's.
    expect(JSON.stringify(chats)).to.not.contain('Otto');

    // The same from the machine.
    const out = path.join(scene.install.dataDir, 'zelda.zip');
    const cli = await runCli(['visitor', 'export', String(ids.zelda), out], { dataDir: scene.install.dataDir });
    expect(cli.code, cli.stderr).to.equal(0);
    const fromCli = await JSZip.loadAsync(fs.readFileSync(out));
    expect(JSON.parse(await fromCli.file('visitor.json')!.async('string'))).to.include({ name: NAME });
    fs.rmSync(out);
  });

  it('leaves no trace of the name, e-mail, phone or text in the database or the file store, and the reports keep their figures', async () => {
    const before = { chats: await scene.db.models.Chat.count(), messages: await scene.db.models.Message.count() };
    expect(await dumpDatabase(scene.db)).to.contain(NAME).and.contain('xylophone42');
    const res = await root.post(`/api/visitors/${ids.zelda}/erase`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.erased).to.deep.equal({ visitorId: ids.zelda, chats: 1, files: 1 });

    const dump = await dumpDatabase(scene.db);
    const files = dumpFiles(path.join(scene.install.dataDir, 'storage'));
    for (const trace of TRACES) {
      expect(dump.includes(trace), `database still holds "${trace}": ${dump.split('\n').filter((l) => l.includes(trace)).join('\n')}`).to.equal(false);
      expect(files.includes(trace), `file store still holds "${trace}"`).to.equal(false);
    }
    expect(fs.existsSync(filePath)).to.equal(false);
    expect(fs.existsSync(`${filePath}.thumb`)).to.equal(false);
    // The other visitor is untouched; the rows the reports count are all there, the rating too.
    expect(dump).to.contain('Otto Keep').and.contain('Otto keeps his words');
    expect({ chats: await scene.db.models.Chat.count(), messages: await scene.db.models.Message.count() }).to.deep.equal(before);
    expect((await scene.db.models.Chat.findByPk(ids.chat))!.rating).to.equal(4);
    expect((await agent.get('/api/history?q=xylophone42')).body.chats).to.deep.equal([]);
    const audit = await scene.db.models.AuditLog.findOne({ where: { action: 'visitor.erased' } });
    expect(audit).to.include({ target_id: ids.zelda, client_id: ids.site, actor_id: ids.root });
  });

  it('`livechat visitor erase` does the same from the machine, once confirmed with --yes', async () => {
    const unconfirmed = await runCli(['visitor', 'erase', String(ids.other)], { dataDir: scene.install.dataDir });
    expect(unconfirmed.code).to.equal(1);
    expect(unconfirmed.stderr).to.contain('--yes');
    expect((await scene.db.models.Visitor.findByPk(ids.other))!.name).to.equal('Otto Keep');
    const res = await runCli(['visitor', 'erase', String(ids.other), '--yes'], { dataDir: scene.install.dataDir });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.contain(`Erased visitor ${ids.other}: 1 chat(s) anonymised, 0 file(s) deleted.`);
    const dump = await dumpDatabase(scene.db);
    expect(dump).to.not.contain('Otto Keep').and.not.contain('Otto keeps his words');
    expect((await runCli(['visitor', 'erase', '999999', '--yes'], { dataDir: scene.install.dataDir })).stderr).to.contain('No visitor has the id 999999');
  });
});
