import fs from 'node:fs';
import { dataPaths } from '../../lib/paths.js';
import { spawnCli, freePort, type LongRunning } from './cli.js';
import { tmpDataDir } from './tmp.js';
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { installFixture, type Installed } from './install.js';
import { dropRedisKeys, requireMysqlInCi, testEnv, requireRedisInCi } from './env.js';

/**
 * Real `livechat start` processes on one install's configuration, a node per machine: each with
 * its own data folder (and pid file), the same livechat.json. Resolves once every node listens.
 * stop() ends those still running.
 */
export async function startNodes(install: Installed, count = 2) {
  const nodes: LongRunning[] = [];
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const dataDir = i === 0 ? install.dataDir : tmpDataDir();
    if (i > 0) fs.copyFileSync(dataPaths(install.dataDir).configFile, dataPaths(dataDir).configFile);
    const port = await freePort();
    urls.push(`http://127.0.0.1:${port}`);
    nodes.push(spawnCli(['start', '--port', String(port), '--host', '127.0.0.1', '--public-url', `http://127.0.0.1:${port}`, '--no-checks'], { dataDir }));
  }
  const stop = async () => {
    for (const n of nodes) {
      if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGTERM');
      await n.exited;
    }
  };
  await Promise.all(nodes.map((n) => n.waitFor(/is running/, 30_000))).catch(async (err) => {
    await stop();
    throw err;
  });
  return { nodes, urls, stop };
}

/**
 * Scale-out as deployed: an install on MariaDB with Redis under a key prefix of its own, and
 * `count` nodes started on it. Skips the suite without both services (fails in CI). stop() ends
 * the nodes, drops the prefix's keys and removes the install.
 */
export async function startRedisCluster(ctx: Mocha.Context, settings: Record<string, unknown> = {}, count = 2) {
  requireMysqlInCi();
  requireRedisInCi();
  if (!testEnv.mysqlUrl || !testEnv.redisUrl) {
    console.log('    (skipped: needs MariaDB and Redis: run them on their default ports or set LIVECHAT_TEST_MYSQL_URL and LIVECHAT_TEST_REDIS_URL)');
    ctx.skip();
  }
  const keyPrefix = `lctest${crypto.randomBytes(4).toString('hex')}:`;
  const install = await installFixture('mysql', { ...settings, redis: { url: testEnv.redisUrl, keyPrefix } });
  const started = await startNodes(install, count).catch(async (err) => {
    await install.cleanup();
    throw err;
  });
  return {
    ...started,
    install,
    keyPrefix,
    async stop() {
      await started.stop();
      await dropRedisKeys(new Redis(testEnv.redisUrl!), keyPrefix);
      await install.cleanup();
    },
  };
}
