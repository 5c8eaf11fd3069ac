import { expect } from 'chai';
import os from 'node:os';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.js';
import { runCli, freePort } from '../../helpers/cli.js';
import { startTestServer } from '../../helpers/server.js';
import { testEnv } from '../../helpers/env.js';
import { createLogger } from '../../../lib/logger.js';
import { openJobRuntime } from '../../../lib/jobs/runtime.js';
import { runJob } from '../../../lib/jobs/runJob.js';
import { jobLockModel } from '../../../lib/db/models/jobLock.js';

describeEachDialect('job: health alerts', (dialect) => {
  let smtp: TestSmtpServer;

  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => {
    await smtp.close();
  });

  it('e-mails the admins once per hour per problem: low disk and Redis unreachable', async () => {
    const deadRedis = `redis://127.0.0.1:${await freePort()}`;
    const install = await installFixture(dialect, {
      smtp: { url: smtp.url, from: 'livechat <alerts@example.test>', retryDelayMs: 100 },
      health: { minFreeDiskGb: 1_000_000, alertEmails: ['ops@example.test'] },
      redis: { url: deadRedis, keyPrefix: `t${Date.now()}:` },
    });
    const db = install.open();
    try {
      const admin = await factories(db).user('super_admin');
      await factories(db).user('super_admin', { is_active: false });
      const ours = (m: { to: string[] }) => m.to.includes(admin.email);
      const run = () => runCli(['jobs', 'run', 'health', '--json'], { dataDir: install.dataDir });

      const first = await run();
      expect(first.code, first.stderr).to.equal(0);
      expect(first.json().summary).to.match(/problems: .*disk/).and.match(/redis/);
      const disk = await smtp.waitFor((m) => ours(m) && m.subject === `[livechat] Low disk space on ${os.hostname()}`);
      expect(disk.to.sort()).to.deep.equal([admin.email, 'ops@example.test'].sort());
      expect(disk.text).to.match(/free for .*below the 1000000 GB of health\.minFreeDiskGb/);
      const redis = await smtp.waitFor((m) => ours(m) && m.subject === `[livechat] Redis is unreachable from ${os.hostname()}`);
      expect(redis.text).to.include('Redis is unreachable');

      const second = await run();
      expect(second.code, second.stderr).to.equal(0);
      expect(second.json().summary).to.include('alerted now: none');
      expect(await smtp.settle(ours, 500)).to.have.length(2);

      // An hour later (the throttle's lease runs out) the still-present problems are mailed again.
      await jobLockModel(db.sequelize).update({ locked_until: new Date(Date.now() - 1000) }, { where: { name: ['alert:redis', `alert:disk:${os.hostname()}`] } });
      const third = await run();
      expect(third.code, third.stderr).to.equal(0);
      expect(await smtp.settle(ours, 1000)).to.have.length(4);
    } finally {
      await db.close();
      await install.cleanup();
    }
  });

  it('alerts when the database is unreachable (to health.alertEmails, throttled in memory while the database is down)', async () => {
    const install = await installFixture(dialect, {
      smtp: { url: smtp.url, from: 'livechat <alerts@example.test>', retryDelayMs: 100 },
      health: { minFreeDiskGb: 0, alertEmails: [`dba-${dialect}@example.test`] },
    });
    const db = install.open();
    await factories(db).user('super_admin');
    const logger = createLogger('silent');
    const runtime = await openJobRuntime(install.config, db, logger);
    const health = runtime.jobs.find((j) => j.name === 'health')!;
    const ours = (m: { to: string[] }) => m.to.includes(`dba-${dialect}@example.test`);
    try {
      expect(await runJob(health, { leases: null, logger, trigger: 'manual' })).to.deep.include({ status: 'done', summary: 'all checks pass' });
      await db.close(); // the database goes away under the running process
      const down = await runJob(health, { leases: null, logger, trigger: 'manual' });
      expect(down).to.include({ status: 'done' });
      const mail = await smtp.waitFor((m) => ours(m) && m.subject.startsWith('[livechat] The database is unreachable'));
      expect(mail.to).to.deep.equal([`dba-${dialect}@example.test`]);
      expect(mail.text).to.match(/database is unreachable/);
      await runJob(health, { leases: null, logger, trigger: 'manual' });
      expect(await smtp.settle(ours, 500)).to.have.length(1);
    } finally {
      await runtime.close(2000);
      await install.cleanup();
    }
  });

  it('GET /readyz reports the same checks: low disk is reported but keeps the node ready; Redis when configured', async () => {
    const install = await installFixture(dialect, {
      health: { minFreeDiskGb: 1_000_000 },
      ...(testEnv.redisUrl ? { redis: { url: testEnv.redisUrl, keyPrefix: `t${Date.now()}:` } } : {}),
    });
    const server = await startTestServer(install);
    try {
      const res = await fetch(`${server.baseUrl}/readyz`);
      const body = await res.json();
      expect(res.status).to.equal(200);
      expect(body.checks.database.ok).to.equal(true);
      expect(body.checks.disk.ok).to.equal(false);
      expect(body.checks.disk.message).to.match(/below the 1000000 GB/);
      if (testEnv.redisUrl) expect(body.checks.redis).to.include({ ok: true });
      else expect(body.checks.redis).to.equal(undefined);
    } finally {
      await server.close();
      await install.cleanup();
    }
  });
});
