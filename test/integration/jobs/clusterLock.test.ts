import { expect } from 'chai';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { describeEachDialect, type Dialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { runCli, spawnCli, freePort, type LongRunning } from '../../helpers/cli.js';
import { tmpDataDir } from '../../helpers/tmp.js';
import { testEnv, requireRedisInCi } from '../../helpers/env.js';
import { dataPaths } from '../../../lib/paths.js';
import { databaseLeases } from '../../../lib/leases/databaseLeases.js';
import { redisLeases } from '../../../lib/leases/redisLeases.js';
import type { LeaseStore } from '../../../lib/leases/leases.js';
import { waitFor } from '../../helpers/wait.js';

const DAY = 24 * 60 * 60 * 1000;

/** Lines a server logged as JSON on stderr. */
const logLines = (node: LongRunning) =>
  node
    .output()
    .stderr.split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));

function clusterLockSuite(dialect: Dialect, withRedis: boolean) {
  let install: Installed;
  let redis: Redis | null = null;
  let keyPrefix: string;

  before(async () => {
    keyPrefix = `lctest${crypto.randomBytes(4).toString('hex')}:`;
    install = await installFixture(dialect, {
      ...(withRedis ? { redis: { url: testEnv.redisUrl, keyPrefix } } : {}),
      jobs: { schedules: { 'session-cleanup': '*/2 * * * * *' } },
    });
    if (withRedis) redis = new Redis(testEnv.redisUrl!);
  });
  after(async () => {
    if (redis) {
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    // Undefined when the suite was skipped (no Redis): its before hook never ran.
    await install?.cleanup();
  });

  it('`livechat jobs run` does not run a job another process holds (exit 75, naming the holder), and runs it once released', async () => {
    const db = install.open();
    try {
      const f = factories(db);
      const client = await f.client();
      const chat = await f.chat(client.id, (await f.visitor(client.id)).id);
      const relative = `chat-files/${chat.id}/1_x_old.pdf`;
      const file = path.join(install.dataDir, 'storage', relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'old');
      const message = await f.message(chat.id, { message_type: 'file', body: null, file_path: relative, file_name: 'old.pdf', file_size: 3 });
      await db.sequelize.query('UPDATE messages SET created_at = ? WHERE id = ?', { replacements: [new Date(Date.now() - 20 * DAY), message.id] });

      const leases: LeaseStore = redis ? redisLeases(redis, keyPrefix) : databaseLeases(db);
      const held = await leases.acquire('job:file-expiry', { leaseMs: 60_000, slot: null });
      expect(held).to.not.equal(null);
      const busy = await runCli(['jobs', 'run', 'file-expiry'], { dataDir: install.dataDir });
      expect(busy.code, busy.stderr).to.equal(75);
      expect(busy.stdout).to.include(`file-expiry is already running on ${held!.owner}`);
      expect(fs.existsSync(file)).to.equal(true);
      expect((await db.models.Message.findByPk(message.id))!.file_path).to.equal(relative);

      await held!.release();
      const ran = await runCli(['jobs', 'run', 'file-expiry', '--json'], { dataDir: install.dataDir });
      expect(ran.code, ran.stderr).to.equal(0);
      expect(ran.json().details).to.include({ expired: 1 });
      expect(fs.existsSync(file)).to.equal(false);
    } finally {
      await db.close();
    }
  });

  it('two `livechat jobs run` of one job at once: it runs once, the other is refused (75) or finds nothing left', async () => {
    const db = install.open();
    const paths: string[] = [];
    try {
      const f = factories(db);
      const client = await f.client();
      const chat = await f.chat(client.id, (await f.visitor(client.id)).id);
      for (let i = 0; i < 60; i++) {
        const relative = `chat-files/${chat.id}/${i}_x_file.pdf`;
        fs.mkdirSync(path.join(install.dataDir, 'storage', path.dirname(relative)), { recursive: true });
        fs.writeFileSync(path.join(install.dataDir, 'storage', relative), 'x');
        const message = await f.message(chat.id, { message_type: 'file', body: null, file_path: relative, file_name: 'file.pdf', file_size: 1 });
        await db.sequelize.query('UPDATE messages SET created_at = ? WHERE id = ?', { replacements: [new Date(Date.now() - 20 * DAY), message.id] });
        paths.push(relative);
      }
    } finally {
      await db.close();
    }
    const [a, b] = await Promise.all([0, 1].map(() => runCli(['jobs', 'run', 'file-expiry', '--json'], { dataDir: install.dataDir })));
    const outcomes = [a, b].map((r) => r.json());
    for (const r of [a, b]) expect([0, 75], r.stderr).to.include(r.code);
    const expired = outcomes.filter((o) => o.status === 'done').reduce((n, o) => n + o.details.expired, 0);
    expect(expired, JSON.stringify(outcomes)).to.equal(60);
    expect(outcomes.filter((o) => o.status === 'done' && o.details.expired > 0)).to.have.length(1);
    for (const relative of paths) expect(fs.existsSync(path.join(install.dataDir, 'storage', relative))).to.equal(false);
  });

  it('two server processes on one database: each scheduled run happens on one node only', async function () {
    this.timeout(60_000);
    // A node per machine: its own data folder (and pid file), the same configuration and database.
    const secondDir = tmpDataDir();
    const config = JSON.parse(fs.readFileSync(dataPaths(install.dataDir).configFile, 'utf8'));
    if (dialect === 'sqlite') config.database.storage = path.join(install.dataDir, 'livechat.sqlite');
    fs.writeFileSync(dataPaths(secondDir).configFile, JSON.stringify(config), { mode: 0o600 });
    const nodes: LongRunning[] = [];
    /** The session-cleanup runs the nodes logged so far: finished per slot, and skips. */
    const tally = () => {
      const finished = new Map<string, number>();
      let skipped = 0;
      for (const node of nodes) {
        for (const line of logLines(node)) {
          if (line.job !== 'session-cleanup') continue;
          expect(line.msg, JSON.stringify(line)).to.not.equal('job failed');
          if (line.msg === 'job finished') finished.set(line.slot, (finished.get(line.slot) ?? 0) + 1);
          if (line.msg === 'job skipped: another node runs it') skipped++;
        }
      }
      return { finished, skipped };
    };
    try {
      for (const dataDir of [install.dataDir, secondDir]) {
        const port = await freePort();
        nodes.push(spawnCli(['start', '--port', String(port), '--host', '127.0.0.1', '--no-checks'], { dataDir, env: { LIVECHAT_LOG_LEVEL: 'info' } }));
      }
      await Promise.all(nodes.map((n) => n.waitFor(/is running/, 30_000)));
      await waitFor('three scheduled runs, each taken by one node', () => {
        const { finished, skipped } = tally();
        return finished.size >= 3 && skipped >= 2;
      }, 30_000, 200);
    } finally {
      for (const n of nodes) if (n.child.exitCode === null) n.child.kill('SIGTERM');
      await Promise.all(nodes.map((n) => n.exited));
    }
    const { finished, skipped } = tally();
    expect(finished.size, JSON.stringify([...finished])).to.be.at.least(3);
    for (const [slot, runs] of finished) expect(runs, `slot ${slot}`).to.equal(1);
    expect(skipped, 'the other node saw each run taken').to.be.at.least(2);
  });
}

describeEachDialect('jobs: the cluster lock (database)', (dialect) => clusterLockSuite(dialect, false));

describe('jobs: the cluster lock (Redis)', function () {
  before(function () {
    requireRedisInCi();
    if (!testEnv.redisUrl) {
      console.log('    (skipped: needs Redis: run it on 127.0.0.1:6379 or set LIVECHAT_TEST_REDIS_URL)');
      this.skip();
    }
  });
  clusterLockSuite(testEnv.mysqlUrl ? 'mysql' : 'sqlite', true);
});
