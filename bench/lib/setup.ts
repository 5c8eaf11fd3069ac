import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import mysql from 'mysql2/promise';
import bcrypt from 'bcryptjs';
import { writeConfigFile, loadConfig } from '../../lib/config/load.js';
import { openDatabase } from '../../lib/db/index.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../lib/domain/schemas.js';

export const PASSWORD = 'bench-password-1';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/**
 * A fresh install for one bench run: its own data folder and database, limits raised so the
 * load is not refused, one website and M agents assigned to it.
 */
export async function prepareInstall(opts: { db: 'sqlite' | 'mysql'; mysqlUrl: string; redisUrl?: string; agents: number }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'livechat-bench-'));
  let dropDatabase = async () => {};
  let database: Record<string, unknown> = { dialect: 'sqlite', storage: 'livechat.sqlite' };
  if (opts.db === 'mysql') {
    const name = `lc_bench_${crypto.randomBytes(3).toString('hex')}`;
    const admin = new URL(opts.mysqlUrl);
    const conn = await mysql.createConnection({ host: admin.hostname, port: Number(admin.port || 3306), user: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password) });
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    await conn.end();
    const url = new URL(opts.mysqlUrl);
    url.pathname = `/${name}`;
    database = { dialect: 'mysql', url: url.toString(), poolMax: 20 };
    dropDatabase = async () => {
      const c = await mysql.createConnection({ host: admin.hostname, port: Number(admin.port || 3306), user: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password) });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    };
  }
  writeConfigFile(dataDir, {
    database,
    redis: { url: opts.redisUrl ?? null, keyPrefix: `lcb${crypto.randomBytes(3).toString('hex')}:` },
    secrets: { session: crypto.randomBytes(32).toString('hex'), visitorToken: crypto.randomBytes(32).toString('hex'), backupKey: crypto.randomBytes(32).toString('hex') },
    chat: { visitorMessagesPerMinute: 1_000_000, agentMessagesPerMinute: 1_000_000, widgetRequestsPerMinute: 1_000_000 },
    auth: { loginRateLimitPerMinute: 100_000 },
    jobs: { enabled: false },
    log: { level: 'warn' },
  });
  const config = loadConfig({ flags: { dataDir }, env: {} });
  const db = openDatabase(config);
  await db.migrator.up();
  const client = await db.models.Client.create({ name: 'Bench', widget_key: crypto.randomBytes(12).toString('hex'), domains: ['bench.test'], widget_settings: DEFAULT_WIDGET_SETTINGS, is_active: true });
  const hash = await bcrypt.hash(PASSWORD, 4);
  const agents: string[] = [];
  for (let i = 0; i < opts.agents; i++) {
    const user = await db.models.User.create({ name: `Agent ${i}`, email: `agent${i}@bench.test`, pseudo_name: `A${i}`, password_hash: hash, role: 'agent', status: 'online', is_active: true, push_subscriptions: [], preferences: {} });
    await db.models.ClientAgent.create({ client_id: client.id, user_id: user.id, assigned_at: new Date() });
    agents.push(user.email);
  }
  await db.close();
  return {
    dataDir,
    widgetKey: client.widget_key,
    clientId: client.id,
    agents,
    async cleanup() {
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts `livechat start` (the real server, built in dist/) and resolves once it listens. */
export function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, path.join(root, 'bin', 'livechat'), 'start', '--port', String(port), '--host', '127.0.0.1', '--public-url', `http://127.0.0.1:${port}`, '--no-checks', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LIVECHAT_LOG_LEVEL: 'warn' },
  });
  return waitForLine(child, /is running/);
}

export function startRelay(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'lib', 'relay.ts'), String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  return waitForLine(child, /relay listening/);
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      if (pattern.test(out)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before ${pattern}:\n${out}`)));
    setTimeout(() => reject(new Error(`timed out waiting for ${pattern}:\n${out}`)), 60_000).unref();
  });
}
