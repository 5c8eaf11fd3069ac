import { expect } from 'chai';
import { spawnCli, freePort } from '../helpers/cli.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { startPrivateRedis } from '../helpers/privateServices.js';
import { quietFor } from '../helpers/wait.js';

const notJson = (stderr: string) =>
  stderr.split('\n').filter((line) => {
    if (!line.trim()) return false;
    try {
      return typeof JSON.parse(line) !== 'object';
    } catch {
      return true;
    }
  });

describe('livechat start and an unreachable Redis: only JSON log lines', () => {
  let install: Installed;
  before(async () => {
    install = await installFixture('sqlite');
  });
  after(() => install?.cleanup());

  it('refuses to start within seconds when Redis does not answer: exit 1, one line naming redis.url and what to do, no stack, no ioredis line', async function () {
    this.timeout(30_000);
    const dead = await freePort();
    const server = spawnCli(['start', '--port', String(await freePort()), '--host', '127.0.0.1', '--no-checks'], {
      dataDir: install.dataDir,
      env: { LIVECHAT_REDIS_URL: `redis://:s3cret@127.0.0.1:${dead}`, LIVECHAT_LOG_LEVEL: 'info' },
    });
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
    const exit = await server.exited;
    clearTimeout(timer);
    const { stderr } = server.output();
    expect(exit.code, stderr).to.equal(1);
    expect(notJson(stderr), stderr).to.deep.equal([`error: Redis at redis://:***@127.0.0.1:${dead} did not answer within 5 s (connect ECONNREFUSED 127.0.0.1:${dead}). Start Redis (systemctl start redis-server), or fix redis.url (LIVECHAT_REDIS_URL), then start livechat again.`]);
    expect(stderr).to.not.include('[ioredis]').and.not.include('s3cret');
  });

  it('while it runs, Redis stopped and started again: stderr holds only JSON lines, the command link logged once down and once back, and the server serves throughout', async function () {
    this.timeout(60_000);
    const redis = await startPrivateRedis();
    const redisPort = redis.port;
    const port = await freePort();
    const server = spawnCli(['start', '--port', String(port), '--host', '127.0.0.1', '--no-checks'], {
      dataDir: install.dataDir,
      env: { LIVECHAT_REDIS_URL: `redis://127.0.0.1:${redisPort}`, LIVECHAT_LOG_LEVEL: 'info' },
    });
    try {
      await server.waitFor(/is running/);
      await redis.kill();
      await server.waitFor(/Redis is unreachable: retrying in the background/);
      await quietFor(3000); // many reconnect attempts: none may print a line of its own
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).to.be.below(500);
      await redis.start();
      await server.waitFor(/Redis is reachable again/, 20_000);
      const { stderr } = server.output();
      expect(notJson(stderr), stderr).to.deep.equal([]);
      const lines = stderr.trim().split('\n').map((l) => JSON.parse(l));
      const commandLink = lines.filter((l) => l.redis === 'commands').map((l) => l.msg);
      expect(commandLink).to.deep.equal(['Redis is unreachable: retrying in the background', 'Redis is reachable again']);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await redis.stop();
    }
  });
});
