import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import bcrypt from 'bcryptjs';
import { Redis } from 'ioredis';
import { writeConfigFile, loadConfig } from '../../lib/config/load.js';
import { openDatabase } from '../../lib/db/index.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../lib/domain/schemas.js';
import { spawnTracked, type Tracked } from './procs.js';
import { findMysqlSocket } from '../../lib/install/mysqlSocket.js';

export const PASSWORD = 'bench-password-1';
export const WEBSITE_ORIGIN = 'https://bench.test';
export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export interface Install {
  dataDir: string;
  widgetKey: string;
  clientId: number;
  agentEmails: string[];
  /** The app's database URL (mysql) as written in livechat.json. */
  databaseUrl: string | null;
  /** Another data folder with the same configuration (one per node: pid file and logs apart). */
  cloneDataDir(): string;
  /** Points the servers at another MySQL address (the statement-counting proxy). */
  setDatabaseUrl(url: string): void;
  cleanup(): Promise<void>;
}

const adminAccount = (adminUrl: string) => {
  const u = new URL(adminUrl);
  return { host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
};
export const adminConnection = (adminUrl: string) => mysql.createConnection(adminAccount(adminUrl));

/**
 * The Unix socket the server should reach MariaDB by: `auto` asks MariaDB for its socket and takes
 * it when that file is on this host; `tcp` none; anything else is a path.
 */
export async function mysqlSocket(adminUrl: string, choice: string): Promise<string | null> {
  if (choice === 'tcp') return null;
  if (choice !== 'auto') {
    if (!fs.existsSync(choice)) throw new Error(`--mysql-socket ${choice}: no such socket on this host`);
    return choice;
  }
  // What `livechat install --db-socket auto` picks.
  return findMysqlSocket(adminAccount(adminUrl), () => {});
}

/**
 * A fresh install for one run: its own data folder and database (a new MariaDB schema, or a new
 * SQLite file), every rate limit raised out of the way, scheduled jobs off, one website (domain
 * bench.test) and `agents` agents assigned to it. Rows are written through the models, as the
 * test factories do, after the real migrations.
 */
export async function prepareInstall(opts: { db: 'sqlite' | 'mysql'; mysqlUrl: string; mysqlSocket?: string | null; redisUrl?: string; agents: number; logLevel: string }): Promise<Install> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'livechat-bench-'));
  const made: string[] = [dataDir];
  const keyPrefix = `lcbench${crypto.randomBytes(3).toString('hex')}:`;
  let dropDatabase = async () => {};
  let database: Record<string, unknown> = { dialect: 'sqlite', storage: 'livechat.sqlite' };
  let databaseUrl: string | null = null;
  if (opts.db === 'mysql') {
    const name = `lc_bench_${crypto.randomBytes(3).toString('hex')}`;
    const conn = await adminConnection(opts.mysqlUrl);
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    await conn.end();
    const url = new URL(opts.mysqlUrl);
    url.pathname = `/${name}`;
    if (opts.mysqlSocket) url.searchParams.set('socket', opts.mysqlSocket);
    databaseUrl = url.toString();
    database = { dialect: 'mysql', url: databaseUrl, poolMax: 20 };
    dropDatabase = async () => {
      const c = await adminConnection(opts.mysqlUrl);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    };
  }
  const layer = {
    database,
    redis: { url: opts.redisUrl ?? null, keyPrefix },
    secrets: { session: crypto.randomBytes(32).toString('hex'), visitorToken: crypto.randomBytes(32).toString('hex'), backupKey: crypto.randomBytes(32).toString('hex') },
    // Every simulated visitor connects from this machine's address: no per-address connection cap.
    chat: { visitorMessagesPerMinute: 10_000_000, agentMessagesPerMinute: 10_000_000, widgetRequestsPerMinute: 10_000_000, maxConnectionsPerAddress: 1_000_000 },
    auth: { loginRateLimitPerMinute: 1_000_000 },
    jobs: { enabled: false },
    log: { level: opts.logLevel },
  };
  writeConfigFile(dataDir, layer);
  const config = loadConfig({ flags: { dataDir }, env: {} });
  const db = openDatabase(config);
  let client;
  const agentEmails: string[] = [];
  try {
    await db.migrator.up();
    client = await db.models.Client.create({ name: 'Bench', widget_key: crypto.randomBytes(12).toString('hex'), domains: ['bench.test'], widget_settings: DEFAULT_WIDGET_SETTINGS, is_active: true });
    const hash = await bcrypt.hash(PASSWORD, 4);
    for (let i = 0; i < opts.agents; i++) {
      const user = await db.models.User.create({ name: `Agent ${i}`, email: `agent${i}@bench.test`, pseudo_name: `A${i}`, password_hash: hash, role: 'agent', status: 'online', is_active: true, push_subscriptions: [], preferences: {} });
      await db.models.ClientAgent.create({ client_id: client.id, user_id: user.id, assigned_at: new Date() });
      agentEmails.push(user.email);
    }
  } finally {
    await db.close();
  }
  return {
    dataDir,
    widgetKey: client.widget_key,
    clientId: client.id,
    agentEmails,
    databaseUrl,
    cloneDataDir() {
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'livechat-bench-node-'));
      fs.copyFileSync(path.join(dataDir, 'livechat.json'), path.join(copy, 'livechat.json'));
      made.push(copy);
      return copy;
    },
    setDatabaseUrl(url: string) {
      writeConfigFile(dataDir, { ...layer, database: { ...database, url } });
    },
    async cleanup() {
      await dropDatabase().catch((err) => process.stderr.write(`could not drop the bench database: ${err.message}\n`));
      if (opts.redisUrl) await deleteRedisKeys(opts.redisUrl, keyPrefix).catch((err) => process.stderr.write(`could not clear the bench's Redis keys: ${err.message}\n`));
      for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** This run's Redis keys (presence, rate limits) only: they all start with its own prefix. */
async function deleteRedisKeys(url: string, prefix: string) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    for (let round = 0; round < 10_000; round++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
}

export interface ServerOptions {
  /** Opens the V8 inspector on this port (the idle run forces garbage collections through it). */
  inspectPort?: number;
  logLevel: string;
}

/** `bin/livechat start`: the real server, built in dist/, on 127.0.0.1:port. */
export function startServer(dataDir: string, port: number, opts: ServerOptions): Promise<Tracked> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build:server` (or `npx tsc -p tsconfig.json`) first');
  const nodeFlags = [
    ...(opts.inspectPort ? [`--inspect=127.0.0.1:${opts.inspectPort}`] : []),
    // A diagnostic: BENCH_SERVER_NODE_FLAGS=--trace-gc, its output in BENCH_SERVER_OUTPUT.
    ...(process.env.BENCH_SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
  ];
  const args = [...nodeFlags, path.join(ROOT, 'bin', 'livechat'), 'start', '--port', String(port), '--host', '127.0.0.1', '--public-url', `http://127.0.0.1:${port}`, '--no-checks', '--data-dir', dataDir];
  return spawnTracked(process.execPath, args, /is running/, { env: { ...process.env, LIVECHAT_LOG_LEVEL: opts.logLevel } });
}

/** The bare ws relay (bench/lib/relay.ts) in its own process. */
export function startRelay(port: number, fanout: 'all' | 'one', opts: { inspectPort?: number; cork?: boolean } = {}): Promise<Tracked> {
  const args = [...(opts.inspectPort ? [`--inspect=127.0.0.1:${opts.inspectPort}`] : []), '--import', 'tsx', path.join(ROOT, 'bench', 'lib', 'relay.ts'), String(port), fanout, opts.cork ? 'cork' : 'plain'];
  return spawnTracked(process.execPath, args, /relay listening/);
}
