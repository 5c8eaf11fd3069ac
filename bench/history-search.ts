/**
 * History and search bench (docs/benchmarks.md): a fresh install (SQLite, then a new MariaDB
 * database) seeded with --chats chats of --messages messages each over --websites websites, the
 * rows written before the search-index migration so that its backfill is timed too; then the real
 * server (`bin/livechat start`, from dist/) answers, one request at a time, the top bar's search
 * and the chat history with its filters, for an agent of one website and for a manager who sees
 * them all, and the Analytics page's figures; p50/p95/max per kind of request. Last, a background export of every chat, with the
 * server's RSS sampled throughout. Loopback only; the machine is shared, so say so with the figures.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import bcrypt from 'bcryptjs';
import { parseArgs } from './lib/args.js';
import { PASSWORD, prepareInstall, startServer, type Install } from './lib/setup.js';
import { stop, type Tracked } from './lib/procs.js';
import { fmt, table } from './lib/stats.js';
import { freePortBlock } from './lib/freePorts.js';
import { seedHistory, SEARCH_WORDS } from './lib/seedHistory.js';
import { loadConfig } from '../lib/config/load.js';
import { openDatabase } from '../lib/db/index.js';
import { createMigrator } from '../lib/db/migrator.js';
import { migrations } from '../lib/db/migrations/index.js';
import { rollUpDays } from '../lib/domain/reports/rollupDay.js';

/** Past days rolled up before the reports are measured (their longest range is 30 days). */
const ROLLUP_DAYS = 31;
import { DEFAULT_WIDGET_SETTINGS } from '../lib/domain/schemas.js';


const HELP = `npx tsx bench/history-search.ts [options]      (build first: npm run build:server)

  --db sqlite|mysql|both   which databases (default both)
  --chats N                chats to seed (default 100000)
  --messages M             messages per chat (default 10: a million messages)
  --websites W             websites, one agent each plus a manager for all (default 20)
  --requests R             requests of each kind (default 100)
  --only KINDS             only the request kinds whose name contains one of these (comma-separated), e.g. reports
  --export                 also time a background export of every chat and sample the server's RSS
  --mysql URL              MariaDB admin URL on loopback (default mysql://root@127.0.0.1:3306)
`;

const args = parseArgs({ db: 'both', chats: 100_000, messages: 10, websites: 20, requests: 100, only: '', export: false, mysql: 'mysql://root@127.0.0.1:3306' }, HELP);
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

interface Client {
  get(path: string): Promise<{ status: number; body: any; ms: number }>;
  post(path: string, body: unknown): Promise<{ status: number; body: any }>;
}

async function signIn(base: string, email: string): Promise<Client> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`sign-in as ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const csrf = (await res.json()).csrfToken as string;
  return {
    async get(path) {
      const t = performance.now();
      const r = await fetch(base + path, { headers: { cookie, accept: 'application/json' } });
      const body = await r.json();
      return { status: r.status, body, ms: performance.now() - t };
    },
    async post(path, body) {
      const r = await fetch(base + path, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, body: await r.json() };
    },
  };
}

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

const day = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The kinds of request measured: a path maker (called per request, to vary words and dates) for each. */
function requestKinds(websites: number[]): [string, (i: number) => string][] {
  const now = Date.now();
  const all = [...SEARCH_WORDS.common, ...SEARCH_WORDS.middling, ...SEARCH_WORDS.rare];
  return [
    ['search: common word', (i) => `/api/search?q=${SEARCH_WORDS.common[i % 10]}`],
    ['search: rare word', (i) => `/api/search?q=${SEARCH_WORDS.rare[i % 5]}`],
    ['search: two words', (i) => `/api/search?q=${SEARCH_WORDS.common[i % 10]}+${SEARCH_WORDS.middling[i % 5]}`],
    ['history: first page', () => '/api/history'],
    ['history: closed, last 7 days', () => `/api/history?status=closed&from=${iso(now - 7 * day)}&to=${iso(now)}`],
    ['history: rated 5, files, unassigned', (i) => `/api/history?rating=5&hasFiles=${i % 2 ? 'true' : 'false'}&agent=${i % 3 ? 'mine' : 'unassigned'}`],
    ['history: lead filled, 3 websites', (i) => `/api/history?lead=filled&clientIds=${websites.slice(i % 17, (i % 17) + 3).join(',')}`],
    ['history: text (name/words)', (i) => `/api/history?q=${all[i % all.length]}&status=closed`],
    ['history: visitor e-mail', (i) => `/api/history?q=${crypto.randomBytes(2).toString('hex')}%40mail.test`],
    ['reports: last 7 days', () => `/api/reports/figures?from=${iso(now - 6 * day).slice(0, 10)}&to=${iso(now).slice(0, 10)}`],
    ['reports: last 30 days', () => `/api/reports/figures?from=${iso(now - 29 * day).slice(0, 10)}&to=${iso(now).slice(0, 10)}`],
  ];
}

async function measure(name: string, client: Client, kinds: [string, (i: number) => string][], requests: number) {
  const rows: (string | number)[][] = [];
  for (const [kind, path] of kinds) {
    const times: number[] = [];
    const failures = new Map<string, number>();
    for (let i = 0; i < requests; i++) {
      const res = await client.get(path(i));
      // A failure (the database query timeout: 503) is counted and shown, and its time kept.
      if (res.status !== 200) failures.set(`${res.status} ${res.body?.error?.code ?? ''}`.trim(), (failures.get(`${res.status} ${res.body?.error?.code ?? ''}`.trim()) ?? 0) + 1);
      if (i >= 3) times.push(res.ms); // the first few warm the caches
    }
    const budget = kind.startsWith('reports') ? 300 : 100;
    rows.push([`${name}: ${kind}`, fmt(percentile(times, 50)), fmt(percentile(times, 95)), fmt(Math.max(...times)), `${budget}`, percentile(times, 95) <= budget && failures.size === 0 ? 'yes' : 'NO', [...failures].map(([what, n]) => `${n} x ${what}`).join(', ') || '-']);
  }
  return rows;
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

async function runOn(dialect: 'sqlite' | 'mysql') {
  log(`--- ${dialect}: preparing a fresh install`);
  const install: Install = await prepareInstall({ db: dialect, mysqlUrl: args.mysql, agents: 0, logLevel: 'warn' });
  let server: Tracked | undefined;
  try {
    const config = loadConfig({ flags: { dataDir: install.dataDir }, env: {} });
    const db = openDatabase(config);
    const websites: number[] = [install.clientId];
    const agentsByWebsite = new Map<number, number[]>();
    const hash = await bcrypt.hash(PASSWORD, 4);
    try {
      for (let i = 1; i < args.websites; i++) websites.push((await db.models.Client.create({ name: `Bench ${i}`, widget_key: crypto.randomBytes(12).toString('hex'), domains: [`site${i}.test`], widget_settings: DEFAULT_WIDGET_SETTINGS, is_active: true })).id);
      for (const [i, website] of websites.entries()) {
        const user = await db.models.User.create({ name: `Agent ${i}`, email: `agent${i}@bench.test`, pseudo_name: `A${i}`, password_hash: hash, role: 'agent', status: 'online', is_active: true, push_subscriptions: [], preferences: {} });
        await db.models.ClientAgent.create({ client_id: website, user_id: user.id, assigned_at: new Date() });
        agentsByWebsite.set(website, [user.id]);
      }
      await db.models.User.create({ name: 'Manager', email: 'manager@bench.test', pseudo_name: 'M', password_hash: hash, role: 'manager', status: 'online', is_active: true, push_subscriptions: [], preferences: {} });
      // Rows first, search indexes after: the migration's backfill is what an upgrade of a big install runs.
      const migrator = createMigrator(db.sequelize, (p) => p.detail && log(`migration ${p.name}: ${p.detail}`));
      const searchIndexes = migrations.findIndex((m) => m.name === '20261203153000-history-search-indexes');
      const reverted = await migrator.down({ step: migrations.length - searchIndexes });
      log(`reverted ${reverted.join(', ')} to seed without the search indexes`);
      const seedStart = Date.now();
      await seedHistory(db.sequelize, { websites, agentsByWebsite, chats: args.chats, messagesPerChat: args.messages, days: 365, onProgress: log });
      const seedSeconds = (Date.now() - seedStart) / 1000;
      const migrateStart = Date.now();
      await migrator.up();
      const migrateSeconds = (Date.now() - migrateStart) / 1000;
      if (dialect === 'sqlite') await db.sequelize.query('ANALYZE');
      else await db.sequelize.query('ANALYZE TABLE chats, messages, visitors, chat_participants');
      log(`seeded in ${fmt(seedSeconds, 0)} s; the search-index migration took ${fmt(migrateSeconds, 0)} s`);
      // The report rollups the nightly analytics job would have kept: every past day of the reports measured.
      const rollupStart = Date.now();
      const today = Date.now();
      const pastDays = Array.from({ length: ROLLUP_DAYS }, (_, i) => new Date(today - (ROLLUP_DAYS - i) * day).toISOString().slice(0, 10));
      const rollupRows = await rollUpDays(db.sequelize, pastDays, config.jobs.timezone, new Date());
      log(`rolled up ${pastDays.length} past days for the reports (${rollupRows} rows) in ${fmt((Date.now() - rollupStart) / 1000, 1)} s`);
      console.log(`\n${dialect}: ${args.chats.toLocaleString('en-US')} chats, ${(args.chats * args.messages).toLocaleString('en-US')} messages, ${args.websites} websites; seeded in ${fmt(seedSeconds, 0)} s, search indexes built for them in ${fmt(migrateSeconds, 0)} s`);
    } finally {
      await db.close();
    }

    const port = await freePortBlock(1);
    server = await startServer(install.dataDir, port, { logLevel: 'warn' });
    const base = `http://127.0.0.1:${port}`;
    const agent = await signIn(base, 'agent0@bench.test');
    const manager = await signIn(base, 'manager@bench.test');
    const only = args.only.split(',').filter(Boolean);
    const kinds = requestKinds(websites).filter(([kind]) => only.length === 0 || only.some((o) => kind.includes(o)));
    const rows = [...(await measure('agent (1 website)', agent, kinds, args.requests)), ...(await measure('manager (all)', manager, kinds, args.requests))];
    console.log(table(['request (one at a time)', 'p50 ms', 'p95 ms', 'max ms', 'target p95', 'met', 'failed'], rows));

    if (args.export) {
      const before = rssOf(server.pid);
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, rssOf(server!.pid))), 100);
      const started = Date.now();
      const job = await manager.post('/api/history/exports', { format: 'csv' });
      if (job.status !== 202) throw new Error(`export: ${job.status} ${JSON.stringify(job.body)}`);
      let status = job.body.export;
      while (status.status === 'running') {
        await new Promise((r) => setTimeout(r, 500));
        status = (await manager.get(`/api/history/exports/${status.id}`)).body.export;
      }
      clearInterval(sampler);
      console.log(`background CSV export of ${status.done.toLocaleString('en-US')} chats: ${status.status} in ${fmt((Date.now() - started) / 1000)} s, ${fmt((status.bytes ?? 0) / 2 ** 20)} MB; server RSS ${fmt(before / 2 ** 20, 0)} MB before, ${fmt(peak / 2 ** 20, 0)} MB at most (+${fmt((peak - before) / 2 ** 20, 0)} MB)`);
    }
  } finally {
    await stop(server);
    await install.cleanup();
  }
}

for (const dialect of args.db === 'both' ? (['sqlite', 'mysql'] as const) : [args.db as 'sqlite' | 'mysql']) await runOn(dialect);
process.exit(0);
