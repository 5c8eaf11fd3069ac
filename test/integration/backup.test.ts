import { expect } from 'chai';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import type { Model, ModelStatic } from 'sequelize';
import { describeEachDialect, dialects, type Dialect } from '../helpers/databases.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { freePort, runCli, type CliResult } from '../helpers/cli.js';
import { tmpDataDir } from '../helpers/tmp.js';
import { migrations } from '../../lib/db/migrations/index.js';
import { createBackup } from '../../lib/backup/index.js';
import { TABLES_IN_DEPENDENCY_ORDER } from '../../lib/db/models/index.js';

type Row = Record<string, unknown>;
type Snapshot = Record<string, Row[]>;

const at = (iso: string) => new Date(iso);
const REPORT_PDF = crypto.randomBytes(200_000);
const AVATAR_PNG = crypto.randomBytes(3_000);

/** An install with rows in every table: unicode, JSON, booleans, dates, a forward chat reference. */
async function seedEveryTable(install: Installed): Promise<void> {
  const db = install.open();
  const m = db.models;
  try {
    const settings = { color: '#ff0066', position: 'left' as const, welcomeText: 'Bonjour 👋 — comment puis-je aider ?', offlineText: '稍后回复', serviceTypes: ['sales', 'support'], transcriptEmails: true };
    const site = await m.Client.create({ name: 'Boulangerie Zoë ☕', widget_key: 'wk-site', domains: ['zoe.example', 'www.zoe.example'], logo: 'avatars/logo.png', widget_settings: settings });
    const closed = await m.Client.create({ name: 'Closed shop', widget_key: 'wk-closed', domains: [], widget_settings: { ...settings, transcriptEmails: false }, is_active: false });
    const admin = await m.User.create({ name: 'Ada', email: 'ada@example.test', password_hash: '$2b$10$0123456789abcdefghijkl', pseudo_name: 'Ada', role: 'super_admin', status: 'online', last_seen_at: at('2026-11-20T10:11:12.345Z'), push_subscriptions: [{ endpoint: 'https://push.example/abc', keys: { p256dh: 'k', auth: 'a' } }], preferences: { sound: true, lang: 'fr' } });
    const agent = await m.User.create({ name: 'Bård Ødegård', email: 'bard@example.test', password_hash: 'x', pseudo_name: 'B', role: 'agent', is_active: false, push_subscriptions: [], preferences: {}, failed_login_count: 3, locked_until: at('2026-12-01T00:00:00.000Z') });
    await m.ClientAgent.create({ client_id: site.id, user_id: agent.id, assigned_at: at('2026-11-01T08:00:00.000Z') });
    await m.ClientAgent.create({ client_id: closed.id, user_id: admin.id });
    const zoe = await m.Visitor.create({ client_id: site.id, visitor_key: 'vk-1', name: 'Zoë 🚀', email: 'zoe@example.test', phone: '+33 6 00 00 00 00', country: 'France', city: 'Besançon', device: 'mobile', browser: 'Firefox', os: 'Android' });
    const anonymous = await m.Visitor.create({ client_id: closed.id, visitor_key: 'vk-2', total_visits: 7 });
    const visit = await m.VisitorSession.create({ visitor_id: zoe.id, client_id: site.id, session_key: 'sk-1', referrer_url: 'https://search.example/?q=pain+au+chocolat', landing_page: 'https://zoe.example/', utm: { source: 'newsletter', campaign: 'noël' }, is_online: false });
    await m.VisitorSession.create({ visitor_id: anonymous.id, client_id: closed.id, session_key: 'sk-2', utm: null });
    await m.PageVisit.create({ visitor_session_id: visit.id, page_url: 'https://zoe.example/', page_title: 'Accueil – Zoë', time_spent: 42 });
    await m.PageVisit.create({ visitor_session_id: visit.id, page_url: 'https://zoe.example/contact' });
    const first = await m.Chat.create({ client_id: site.id, visitor_id: zoe.id, visitor_session_id: visit.id, status: 'closed', lead_form_filled: true, last_seq: 6, started_at: at('2026-11-20T10:00:00.000Z'), first_response_at: at('2026-11-20T10:00:30.500Z'), last_message_at: at('2026-11-20T10:05:00.000Z'), ended_at: at('2026-11-20T10:06:00.000Z'), ended_by: 'agent', rating: 5, rating_comment: 'Très bien 👍' });
    const reopened = await m.Chat.create({ client_id: site.id, visitor_id: zoe.id, previous_chat_id: first.id, status: 'active' });
    const later = await m.Chat.create({ client_id: closed.id, visitor_id: anonymous.id, status: 'offline' });
    await first.update({ previous_chat_id: later.id }); // points forward: restore must insert it after chat 3
    const bodies = ['Bonjour ! 👋🏽', 'مرحبا — 你好 — Здравствуйте', 'quotes \' " and \\ backslash\nnew line\ttab', '𝄞 music 🎶 and 😀', ''];
    for (const [i, body] of bodies.entries()) {
      await m.Message.create({ chat_id: first.id, seq: i + 1, client_msg_id: `c-${i}`, sender_type: i % 2 ? 'agent' : 'visitor', sender_id: i % 2 ? agent.id : null, body, is_internal: i === 2, is_read: i < 2, read_at: i < 2 ? at('2026-11-20T10:01:00.000Z') : null });
    }
    await m.Message.create({ chat_id: first.id, seq: 6, sender_type: 'visitor', message_type: 'file', body: null, file_path: 'chat-files/1/report.pdf', file_name: 'rapport été.pdf', file_size: REPORT_PDF.length, file_type: 'application/pdf' });
    // The visitor edited their first message (seq 7 is the change), and an agent reacted to it
    // (not one migration behind, where these columns and message_changes do not exist yet).
    if (await db.sequelize.getQueryInterface().tableExists('message_changes')) {
      const edited = (await m.Message.findOne({ where: { chat_id: first.id, seq: 1 } }))!;
      await edited.update({ edited_at: at('2026-11-20T10:06:30.000Z'), reactions: JSON.stringify({ '👍': [`agent:${agent.id}`] }), delivered_at: at('2026-11-20T10:00:05.000Z') });
      await m.MessageChange.create({ chat_id: first.id, message_id: edited.id, seq: 7, client_change_id: 'e-1', actor_type: 'visitor', actor_id: zoe.id, kind: 'edit', previous_body: 'Bonjour, ça marche ?', created_at: at('2026-11-20T10:06:30.000Z') });
    }
    await m.ChatParticipant.create({ chat_id: first.id, user_id: agent.id, left_at: at('2026-11-20T10:06:00.000Z'), last_read_seq: 6 });
    await m.ChatParticipant.create({ chat_id: reopened.id, user_id: admin.id });
    await m.ChatTransfer.create({ chat_id: first.id, from_agent_id: admin.id, to_agent_id: agent.id, mode: 'stay', reason: 'Parle norvégien' });
    await m.Notification.create({ user_id: agent.id, type: 'chat_transfer', data: { chatId: first.id, clientId: site.id, from: 'Agnès', reason: 'Bonjour ! 👋🏽', visitorName: null } });
    await m.AnalyticsSnapshot.create({ date: '2026-11-24', client_id: site.id, user_id: agent.id, total_visitors: 12, total_chats: 3, avg_response_time: 35, total_messages_sent: 40, total_files_shared: 1 });
    await m.AuditLog.create({ actor_type: 'cli', action: 'client.created', target_type: 'client', target_id: site.id, details: { name: site.name, tags: ['vip'], nested: { ok: true, none: null } } });
    await m.AuditLog.create({ actor_type: 'user', actor_id: admin.id, action: 'auth.login', ip: '2001:db8::1', details: null });
    // Tables of the newest migration are absent when a test seeds an install one migration behind.
    if (await db.sequelize.getQueryInterface().tableExists('canned_responses')) {
      await m.CannedResponse.create({ client_id: null, shortcut: 'bonjour', title: 'Salut 👋', body: 'Bonjour, comment puis-je aider ?\nÀ bientôt', created_by: admin.id });
      await m.CannedResponse.create({ client_id: site.id, shortcut: 'horaires', title: 'Heures', body: '7h–19h', created_by: null });
      await m.PushSubscription.create({ user_id: agent.id, endpoint: 'https://push.example/send/xyz', endpoint_hash: 'e'.repeat(64), p256dh: 'BPk'.padEnd(87, 'x'), auth: 'authsecret123456', user_agent: 'Mozilla/5.0 (X11; Linux) Chrome/130' });
    }
    if (await db.sequelize.getQueryInterface().tableExists('report_subscriptions')) {
      await m.ReportSubscription.create({ user_id: admin.id, frequency: 'weekly', client_ids: JSON.stringify([site.id]), last_from: '2026-11-16' });
    }
    if (await db.sequelize.getQueryInterface().tableExists('visitor_blocks')) {
      const nine2five = [{ from: '09:00', to: '17:00' }];
      await site.update({ business_hours: { enabled: true, timezone: 'Europe/Paris', weekly: { mon: nine2five, tue: nine2five, wed: [], thu: nine2five, fri: nine2five, sat: [], sun: [] }, closedDates: ['2026-12-25'], outside: 'offline_form', awayText: 'Fermé — à bientôt ☕' } });
      await m.VisitorBlock.create({ client_id: site.id, visitor_id: zoe.id, ip_range: null, reason: 'Insultes répétées', created_by: agent.id });
      await m.VisitorBlock.create({ client_id: site.id, visitor_id: null, ip_range: '2001:db8::/32', reason: 'Réseau de spam', created_by: null });
    }
    if (await db.sequelize.getQueryInterface().tableExists('webhook_subscriptions')) {
      const hook = await m.WebhookSubscription.create({ client_id: site.id, url: 'https://crm.example/hook', events: '["chat.created"]', secret: 'whsec_backup', failing_since: at('2026-12-24T18:00:00.000Z') });
      await m.WebhookDelivery.create({ subscription_id: hook.id, event_id: '00000000-0000-4000-8000-000000000001', event_type: 'chat.created', order_key: 'chat:1', chat_id: 1, payload: '{"id":"x","data":{"é":"👋"}}', status: 'failed', attempts: 3, next_attempt_at: at('2026-12-24T18:10:00.000Z'), response_code: 500, last_error: 'answered 500' });
    }
    if ('lead_fields' in (await db.sequelize.getQueryInterface().describeTable('chats'))) {
      await first.update({ lead_fields: [{ key: 'commande', label: 'N° de commande', value: 'É-42 👋' }], consent_at: at('2026-11-20T10:00:00.000Z') });
    }
    if (await db.sequelize.getQueryInterface().tableExists('triggers')) {
      const trigger = await m.Trigger.create({ client_id: site.id, name: 'Pain 🥖', priority: 5, conditions: [{ kind: 'url', match: 'glob', value: '*/contact*' }, { kind: 'timeOnPage', seconds: 20 }], action: { text: 'Une question ? 👋', agentId: agent.id, show: 'toast' }, frequency_days: 7 });
      await m.TriggerShow.create({ trigger_id: trigger.id, visitor_id: zoe.id, visitor_session_id: visit.id, page_visit_id: null, shown_at: at('2026-11-20T09:59:00.000Z'), accepted_at: at('2026-11-20T09:59:30.000Z') });
    }
    if (await db.sequelize.getQueryInterface().tableExists('departments')) {
      const billing = await m.Department.create({ client_id: site.id, name: 'Facturation é', routing_mode: 'least_busy' });
      await m.DepartmentAgent.create({ department_id: billing.id, user_id: agent.id });
    }
    if (await db.sequelize.getQueryInterface().tableExists('assistant_settings')) {
      const visitorLine = await m.Message.findOne({ where: { chat_id: first.id, sender_type: 'visitor' }, order: [['seq', 'ASC']] });
      await m.MessageAnalysis.create({ message_id: visitorLine!.id, chat_id: first.id, language: 'fr', sentiment: -0.25, polarity: 'negative', intent: 'complaint', intent_score: 0.875, wants_human: false, engine: 'local', created_at: at('2026-11-20T10:00:05.000Z') });
      await m.KnowledgeArticle.create({ client_id: site.id, title: 'Horaires d’été', body: 'Ouvert 7h–19h, fermé le lundi ☕', tags: 'horaires,été', created_by: admin.id });
      await m.AssistantSetting.create({ client_id: site.id, mode: 'offline', name: 'Zoë bot' });
    }
    if (await db.sequelize.getQueryInterface().tableExists('api_tokens')) {
      await m.ApiToken.create({ user_id: agent.id, name: 'CRM ☕', scopes: '["chats:read"]', token_hash: 'd'.repeat(64), prefix: 'lct_abcdefgh', last_used_at: at('2026-12-24T18:20:00.000Z'), revoked_at: null });
    }
    await m.Session.create({ user_id: admin.id, token_hash: 'a'.repeat(64), csrf_token: 'c'.repeat(64), ip: '203.0.113.7', user_agent: 'Mozilla/5.0', expires_at: at('2026-12-24T18:30:00.000Z') });
  } finally {
    await db.close();
  }
  const storage = path.join(install.dataDir, 'storage');
  fs.mkdirSync(path.join(storage, 'chat-files', '1'), { recursive: true });
  fs.mkdirSync(path.join(storage, 'avatars'), { recursive: true });
  fs.writeFileSync(path.join(storage, 'chat-files', '1', 'report.pdf'), REPORT_PDF);
  fs.writeFileSync(path.join(storage, 'chat-files', '1', 'résumé 2026.txt'), 'Zoë ☕\n');
  fs.writeFileSync(path.join(storage, 'avatars', 'ada.png'), AVATAR_PNG);
}

/** Every row of every table read through the models, ordered by primary key (id, or message_id / client_id for the AI tables), dates as ISO (to the second when a MariaDB DATETIME is involved). */
async function snapshot(install: Installed, options: { toSecond?: boolean } = {}): Promise<Snapshot> {
  const db = install.open();
  const iso = (d: Date) => (options.toSecond ? d.toISOString().replace(/\.\d{3}Z$/, '.000Z') : d.toISOString());
  try {
    const out: Snapshot = {};
    for (const model of Object.values(db.models) as ModelStatic<Model>[]) {
      const rows = await model.findAll({ order: [[model.primaryKeyAttribute, 'ASC']] });
      out[String(model.getTableName())] = rows.map((r) => Object.fromEntries(Object.entries(r.get({ plain: true }) as Row).map(([k, v]) => [k, v instanceof Date ? iso(v) : v])));
    }
    return out;
  } finally {
    await db.close();
  }
}

const rowCounts = (s: Snapshot) => Object.fromEntries(Object.entries(s).map(([t, rows]) => [t, rows.length]));
const maxId = (rows: Row[]) => Math.max(0, ...rows.map((r) => Number(r.id)));

/** storage/ as {relative path: sha256}. */
function storageFiles(install: Installed): Record<string, string> {
  const root = path.join(install.dataDir, 'storage');
  if (!fs.existsSync(root)) return {};
  const files = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return Object.fromEntries(files.map((e) => {
    const full = path.join(e.parentPath, e.name);
    return [path.relative(root, full), crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex')];
  }));
}

function expectCleanRefusal(res: CliResult, message: RegExp): void {
  expect(res.code, `${res.stdout}\n${res.stderr}`).to.equal(1);
  expect(res.stderr.split('\n').filter((l) => l.startsWith('error:'))).to.have.length(1);
  expect(res.stderr).to.match(message);
  expect(res.stderr).to.not.match(/\n\s+at /);
}

/** Rebuilds an archive after changing it: edit the manifest, drop or rename entries. */
async function repack(archive: string, change: { manifest?: (m: any) => void; remove?: string[]; rename?: Record<string, string> }): Promise<string> {
  const dir = tmpDataDir('livechat-repack-');
  await tar.x({ file: archive, cwd: dir });
  if (change.manifest) {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    change.manifest(manifest);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  }
  for (const entry of change.remove ?? []) fs.rmSync(path.join(dir, entry));
  const out = path.join(tmpDataDir('livechat-crafted-'), 'crafted.tar.gz');
  await tar.c({ file: out, cwd: dir, gzip: true, preservePaths: true, onWriteEntry: (e) => void (e.path = change.rename?.[e.path] ?? e.path) }, fs.readdirSync(dir));
  return out;
}

async function expectIdsContinueAfterMax(install: Installed, expected: Snapshot): Promise<void> {
  const db = install.open();
  try {
    const client = await db.models.Client.create({ name: 'New', widget_key: 'wk-new', domains: [], widget_settings: {} as never });
    expect(client.id).to.equal(maxId(expected.clients) + 1);
    const user = await db.models.User.create({ name: 'N', email: 'new@example.test', password_hash: 'x', pseudo_name: 'N', role: 'agent', push_subscriptions: [], preferences: {} });
    expect(user.id).to.equal(maxId(expected.users) + 1);
    const message = await db.models.Message.create({ chat_id: Number(expected.chats[0].id), seq: 99, sender_type: 'visitor', body: 'after restore' });
    expect(message.id).to.equal(maxId(expected.messages) + 1);
  } finally {
    await db.close();
  }
}

describeEachDialect('backup and restore', (dialect: Dialect) => {
  const installs: Installed[] = [];
  const fresh = async (extra: Record<string, unknown> = {}) => {
    const install = await installFixture(dialect, extra);
    installs.push(install);
    return install;
  };
  let source: Installed;
  let expected: Snapshot;
  let expectedFiles: Record<string, string>;
  let archive: string;
  let encryptedArchive: string;

  before(async () => {
    source = await fresh();
    await seedEveryTable(source);
    expected = await snapshot(source);
    expectedFiles = storageFiles(source);
    for (const [table, rows] of Object.entries(expected)) expect(rows, `seed left ${table} empty`).to.not.be.empty;
  });
  after(async () => {
    for (const install of installs) await install.cleanup();
  });

  it('backs up every table and the uploaded files, with progress on stderr', async () => {
    const res = await runCli(['backup', '--json'], { dataDir: source.dataDir });
    expect(res.code, res.stderr).to.equal(0);
    const out = res.json();
    expect(out.file).to.match(new RegExp(`/backups/livechat-${dialect}-\\d{8}T\\d{6}Z\\.tar\\.gz$`));
    expect(out.bytes).to.equal(fs.statSync(out.file).size);
    expect(out.tables).to.deep.equal(rowCounts(expected));
    expect(out.files).to.equal(3);
    // One step per table, then the files.
    const steps = TABLES_IN_DEPENDENCY_ORDER.length + 1;
    expect(res.stderr).to.contain(`[9/${steps}] messages: 6 rows`).and.contain(`[${steps}/${steps}] files: 3 files`);
    archive = out.file;
  });

  it('restores into a fresh install: every row and file identical, ids kept, new ids after the max', async () => {
    const target = await fresh();
    const res = await runCli(['restore', archive], { dataDir: target.dataDir });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.match(new RegExp(`^Restored .*: \\d+ rows in ${TABLES_IN_DEPENDENCY_ORDER.length} tables, 3 files\\.\\n$`));
    expect(await snapshot(target)).to.deep.equal(expected);
    expect(storageFiles(target)).to.deep.equal(expectedFiles);
    // The source's files were written 0644 here; restored uploads are for livechat's user only.
    const root = path.join(target.dataDir, 'storage');
    const modes = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => (fs.statSync(path.join(e.parentPath, e.name)).mode & 0o777).toString(8));
    expect(modes).to.deep.equal(['600', '600', '600']);
    await expectIdsContinueAfterMax(target, expected);
  });

  it('refuses to restore into an install that has data, and changes nothing', async () => {
    const target = await fresh();
    const db = target.open();
    await db.models.User.create({ name: 'Admin', email: 'admin@localhost', password_hash: 'x', pseudo_name: 'Admin', role: 'super_admin', push_subscriptions: [], preferences: {} });
    await db.close();
    const before = await snapshot(target);
    expectCleanRefusal(await runCli(['restore', archive], { dataDir: target.dataDir }), /already has data.*--force/);
    expect(await snapshot(target)).to.deep.equal(before);
    expect(storageFiles(target)).to.deep.equal({});
  });

  it('refuses to restore while a server runs from the data folder', async () => {
    const target = await fresh();
    const port = await freePort();
    const server = { pid: process.pid, url: `http://localhost:${port}`, port, version: 'test', startedAt: new Date().toISOString() };
    fs.writeFileSync(path.join(target.dataDir, 'livechat.pid'), JSON.stringify(server));
    expectCleanRefusal(await runCli(['restore', archive], { dataDir: target.dataDir }), /livechat is running from this data folder .*Stop it first/);
    expect(rowCounts(await snapshot(target)).clients).to.equal(0);
  });

  it('--force replaces the existing data, and id counters restart after the backup\'s max', async () => {
    const target = await fresh();
    const db = target.open();
    for (let i = 0; i < 6; i += 1) await db.models.User.create({ name: `Old ${i}`, email: `old${i}@example.test`, password_hash: 'x', pseudo_name: 'O', role: 'agent', push_subscriptions: [], preferences: {} });
    await db.models.Client.create({ name: 'Old site', widget_key: 'wk-old', domains: ['old.example'], widget_settings: {} as never });
    await db.close();
    const res = await runCli(['restore', archive, '--force'], { dataDir: target.dataDir });
    expect(res.code, res.stderr).to.equal(0);
    expect(await snapshot(target)).to.deep.equal(expected);
    await expectIdsContinueAfterMax(target, expected);
  });

  it('round-trips an encrypted backup', async () => {
    const res = await runCli(['backup', '--encrypt', '--json'], { dataDir: source.dataDir });
    expect(res.code, res.stderr).to.equal(0);
    encryptedArchive = res.json().file;
    expect(encryptedArchive).to.match(/\.tar\.gz\.enc$/);
    const bytes = fs.readFileSync(encryptedArchive);
    expect(bytes.subarray(0, 8).toString()).to.equal('LCBACKUP');
    expect(bytes.includes(Buffer.from('ada@example.test'))).to.equal(false);
    const target = await fresh({ secrets: source.config.secrets });
    const restored = await runCli(['restore', encryptedArchive], { dataDir: target.dataDir });
    expect(restored.code, restored.stderr).to.equal(0);
    expect(await snapshot(target)).to.deep.equal(expected);
    expect(storageFiles(target)).to.deep.equal(expectedFiles);
  });

  it('refuses tampered, truncated, wrongly keyed, random and damaged files with a clear message, changing nothing', async function () {
    this.timeout(120_000);
    const target = await fresh({ secrets: source.config.secrets });
    const empty = await snapshot(target);
    const dir = tmpDataDir();
    const write = (name: string, data: Buffer) => (fs.writeFileSync(path.join(dir, name), data), path.join(dir, name));
    const encrypted = fs.readFileSync(encryptedArchive);
    const tampered = Buffer.from(encrypted);
    tampered[Math.floor(tampered.length / 2)] ^= 0x01;
    const cases: [string, RegExp][] = [
      [write('tampered.enc', tampered), /failed its integrity check/],
      [write('truncated.enc', encrypted.subarray(0, encrypted.length - 100)), /failed its integrity check/],
      [write('random.bin', crypto.randomBytes(4096)), /is not a livechat backup/],
      [write('damaged.tar.gz', fs.readFileSync(archive).subarray(0, 2000)), /damaged or not a livechat backup/],
      [write('other.tar.gz', await tarOf({ 'hello.txt': 'not a backup' })), /is not a livechat backup: it has no manifest\.json/],
      [path.join(dir, 'missing.tar.gz'), /There is no file/],
    ];
    for (const [file, message] of cases) {
      expectCleanRefusal(await runCli(['restore', file], { dataDir: target.dataDir }), message);
      expect(await snapshot(target)).to.deep.equal(empty);
      expect(storageFiles(target)).to.deep.equal({});
    }
    const otherKey = await fresh();
    expectCleanRefusal(await runCli(['restore', encryptedArchive], { dataDir: otherKey.dataDir }), /encrypted with a different key/);
    const noKey = await fresh({ secrets: { ...source.config.secrets, backupKey: null } });
    expectCleanRefusal(await runCli(['restore', encryptedArchive], { dataDir: noKey.dataDir }), /This backup is encrypted: restoring it needs the secrets\.backupKey it was made with/);
    expectCleanRefusal(await runCli(['backup', '--encrypt'], { dataDir: noKey.dataDir }), /need secrets\.backupKey/);
    const backups = path.join(noKey.dataDir, 'backups');
    expect(fs.existsSync(backups) ? fs.readdirSync(backups) : []).to.deep.equal([]);
  });

  it('refuses an archive with entries that would land outside storage/', async () => {
    const target = await fresh();
    for (const evil of ['storage/../../escaped.txt', `/tmp/livechat-escaped-${process.pid}.txt`]) {
      const crafted = await repack(archive, { rename: { 'storage/avatars/ada.png': evil } });
      expectCleanRefusal(await runCli(['restore', crafted], { dataDir: target.dataDir }), /refuses to extract/);
      expect(fs.existsSync(path.resolve(target.dataDir, 'escaped.txt'))).to.equal(false);
      expect(fs.existsSync(`/tmp/livechat-escaped-${process.pid}.txt`)).to.equal(false);
    }
    expect(rowCounts(await snapshot(target)).clients).to.equal(0);
  });

  it('refuses a backup made by a newer livechat', async () => {
    const target = await fresh();
    const crafted = await repack(archive, { manifest: (m) => m.migrations.push('29990101000000-from-the-future') });
    expectCleanRefusal(await runCli(['restore', crafted], { dataDir: target.dataDir }), /made by a newer livechat/);
    expect(rowCounts(await snapshot(target)).clients).to.equal(0);
  });

  it('restores a backup made one migration behind into this version, and migrates it up', async () => {
    // A genuinely older database: its latest migration reverted (while empty: reverting a SQLite
    // table rebuild with rows in it is the migration's own business), then seeded.
    const older = await fresh();
    let db = older.open();
    await db.migrator.down({ step: 1 });
    await db.close();
    await seedEveryTable(older);
    const made = await runCli(['backup', '--json'], { dataDir: older.dataDir });
    expect(made.code, made.stderr).to.equal(0);
    const target = await fresh();
    const res = await runCli(['restore', made.json().file, '--json'], { dataDir: target.dataDir });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json().migrationsApplied).to.deep.equal([migrations[migrations.length - 1].name]);
    // The restored rows took the same path as the older install upgrading in place.
    db = older.open();
    await db.migrator.up();
    await db.close();
    expect(await snapshot(target)).to.deep.equal(await snapshot(older));
  });

  it('migrates an install whose schema is behind the backup up to it first', async () => {
    const target = await fresh();
    const db = target.open();
    await db.migrator.down({ step: 2 });
    await db.close();
    const res = await runCli(['restore', archive], { dataDir: target.dataDir });
    expect(res.code, res.stderr).to.equal(0);
    expect(await snapshot(target)).to.deep.equal(expected);
  });

  it('leaves the files out with --no-files', async () => {
    const res = await runCli(['backup', '--no-files', '--json', '--out', path.join(tmpDataDir(), 'db-only.tar.gz')], { dataDir: source.dataDir });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.json().files).to.equal(0);
    const entries: string[] = [];
    await tar.t({ file: res.json().file, onReadEntry: (e) => void entries.push(e.path) });
    expect(entries.filter((e) => e.startsWith('storage'))).to.deep.equal([]);
  });

  it('reads every table from one snapshot while another connection writes', async () => {
    const live = await fresh();
    await seedEveryTable(live);
    const before = rowCounts(await snapshot(live));
    const db = live.open();
    const writer = live.open();
    // lib/db/connection.ts means SQLite to run in WAL mode (readers never block writers); its
    // afterConnect hook does not run on Sequelize's sqlite dialect, so this sets it explicitly.
    if (dialect === 'sqlite') await writer.sequelize.query('PRAGMA journal_mode = WAL');
    try {
      const result = await createBackup(db, live.config, {
        out: path.join(tmpDataDir(), 'during-writes.tar.gz'),
        includeFiles: false,
        encrypt: false,
        onTableDumped: async (table) => {
          if (table !== 'clients') return;
          await writer.models.Visitor.create({ client_id: 1, visitor_key: 'vk-during-backup' });
          await writer.models.Message.create({ chat_id: 1, seq: 99, sender_type: 'visitor', body: 'written during the backup' });
        },
      });
      expect(await writer.models.Message.count()).to.equal(before.messages + 1);
      expect(result.tables).to.deep.equal(before);
    } finally {
      await db.close();
      await writer.close();
    }
  });
});

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const dir = tmpDataDir('livechat-tar-');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const out = path.join(dir, 'out.tar.gz');
  await tar.c({ file: out, cwd: dir, gzip: true }, Object.keys(files));
  return fs.readFileSync(out);
}

describe('backup across dialects [sqlite -> mysql -> sqlite]', () => {
  before(function () {
    if (!dialects().includes('mysql')) this.skip();
  });

  it('restores a SQLite backup into MariaDB, and a backup of that back into SQLite', async function () {
    this.timeout(120_000);
    const [sqlite, maria, sqliteAgain] = [await installFixture('sqlite'), await installFixture('mysql'), await installFixture('sqlite')];
    try {
      await seedEveryTable(sqlite);
      // MariaDB's DATETIME keeps whole seconds, as it does for live data.
      const expected = await snapshot(sqlite, { toSecond: true });
      const fromSqlite = await runCli(['backup', '--json'], { dataDir: sqlite.dataDir });
      expect(fromSqlite.code, fromSqlite.stderr).to.equal(0);
      const intoMaria = await runCli(['restore', fromSqlite.json().file], { dataDir: maria.dataDir });
      expect(intoMaria.code, intoMaria.stderr).to.equal(0);
      expect(await snapshot(maria, { toSecond: true })).to.deep.equal(expected);
      expect(storageFiles(maria)).to.deep.equal(storageFiles(sqlite));

      const fromMaria = await runCli(['backup', '--json'], { dataDir: maria.dataDir });
      expect(fromMaria.code, fromMaria.stderr).to.equal(0);
      const back = await runCli(['restore', fromMaria.json().file], { dataDir: sqliteAgain.dataDir });
      expect(back.code, back.stderr).to.equal(0);
      expect(await snapshot(sqliteAgain)).to.deep.equal(await snapshot(maria));
      await expectIdsContinueAfterMax(maria, expected);
    } finally {
      await maria.cleanup();
    }
  });
});
