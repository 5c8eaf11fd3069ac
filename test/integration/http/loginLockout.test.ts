import crypto from 'node:crypto';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { describeEachDialect } from '../../helpers/databases.js';
import { testEnv, redisUrlOrSkip, dropRedisKeys, requireMysqlInCi } from '../../helpers/env.js';
import { TEST_PASSWORD, factories } from '../../helpers/factories.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { startPrivateRedis } from '../../helpers/privateServices.js';
import { ApiClient, type ApiResponse } from '../../helpers/http.js';
import type { Database } from '../../../lib/db/index.js';
import { loginSubjects } from '../../../lib/domain/auth/loginFailures.js';
import { expireSessions } from '../../../lib/jobs/expireSessions.js';
import { manualClock } from '../../helpers/manualClock.js';

const MAX = 3;
/** Sign-in from an address (the server trusts one proxy, so X-Forwarded-For's last entry is the address). */
const signIn = (baseUrl: string, email: string, password: string, address = '192.0.2.10') =>
  new ApiClient(baseUrl).request('POST', '/api/auth/login', { email, password }, { 'x-forwarded-for': address });

/** Everything an observer sees of an answer, less what differs per response whoever asked (its time and id). */
const observable = (res: ApiResponse) => ({
  status: res.status,
  body: JSON.stringify(res.body),
  headers: [...res.headers.entries()].filter(([name]) => !['date', 'x-request-id'].includes(name)),
});

describeEachDialect('sign-in lockout', (dialect) => {
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let db: Database;
  let f: ReturnType<typeof factories>;
  const clock = manualClock(Date.parse('2026-12-03T10:00:00.000Z'));

  before(async () => {
    install = await installFixture(dialect, {
      server: { trustProxy: 1 },
      auth: { maxFailedLogins: MAX, maxFailedLoginsPerAccount: 2 * MAX, lockoutMinutes: 10, loginRateLimitPerMinute: 1000 },
    });
    db = install.open();
    f = factories(db);
    server = await startTestServer(install, 0, { clock });
  });
  after(async () => {
    await server?.close();
    await db?.close();
    await install?.cleanup();
  });
  const auditOf = async (email: string) =>
    (await db.models.AuditLog.findAll({ order: [['id', 'ASC']] })).filter((r) => (r.details as { email?: string } | null)?.email === email).map((r) => `${r.action}:${(r.details as { reason: string }).reason}`);

  it('answers an unknown and a real e-mail byte for byte alike, through every wrong try and the lockout', async () => {
    await f.user('agent', { email: 'real@example.test' });
    const seen: number[] = [];
    for (let i = 1; i <= MAX + 2; i++) {
      const unknown = await signIn(server.baseUrl, 'ghost@example.test', `guess-${i}`);
      const real = await signIn(server.baseUrl, 'real@example.test', `guess-${i}`);
      expect(observable(real), `try ${i}`).to.deep.equal(observable(unknown));
      seen.push(real.status);
    }
    expect(seen).to.deep.equal([401, 401, 401, 429, 429]);
    // Locked: the right password gets the very answer any password gets for an unknown e-mail.
    const right = await signIn(server.baseUrl, 'real@example.test', TEST_PASSWORD);
    const unknown = await signIn(server.baseUrl, 'ghost@example.test', TEST_PASSWORD);
    expect(observable(right)).to.deep.equal(observable(unknown));
    expect(right.status).to.equal(429);
    expect(right.body.error.code).to.equal('too_many_attempts');
    expect(right.headers.get('retry-after')).to.equal('600');
    // The audit log keeps what really happened.
    expect(await auditOf('real@example.test')).to.deep.equal([
      'login.failed:wrong_password',
      'login.failed:wrong_password',
      'login.locked:wrong_password',
      'login.failed:address_locked',
      'login.failed:address_locked',
      'login.failed:address_locked',
    ]);
    expect(await auditOf('ghost@example.test')).to.include('login.failed:unknown_email').and.to.include('login.failed:address_locked');
    // When the window has passed, the right password works again.
    await clock.advance(10 * 60_000);
    expect((await signIn(server.baseUrl, 'real@example.test', TEST_PASSWORD)).status).to.equal(200);
  });

  it("a stranger who locked out their own address does not lock the agent out of another; many addresses reach the account's ceiling", async () => {
    await f.user('agent', { email: 'agent@example.test' });
    const stranger: number[] = [];
    for (let i = 0; i < 3 * MAX; i++) stranger.push((await signIn(server.baseUrl, 'agent@example.test', `guess-${i}`, '198.51.100.1')).status);
    expect(stranger).to.deep.equal([...Array(MAX).fill(401), ...Array(2 * MAX).fill(429)]);
    expect((await signIn(server.baseUrl, 'agent@example.test', TEST_PASSWORD, '203.0.113.5')).status).to.equal(200);

    // The looser per-account ceiling (2 x MAX here): a second address's tries reach it, and then a third
    // address is refused at its first try, the agent too; only until the window ends.
    for (let i = 0; i < MAX; i++) expect((await signIn(server.baseUrl, 'agent@example.test', `more-${i}`, '198.51.100.2')).status).to.equal(401);
    expect((await signIn(server.baseUrl, 'agent@example.test', 'first-try', '198.51.100.3')).status).to.equal(429);
    expect((await signIn(server.baseUrl, 'agent@example.test', TEST_PASSWORD, '203.0.113.5')).status).to.equal(429);
    expect(await auditOf('agent@example.test')).to.include('login.failed:account_ceiling');
    await clock.advance(10 * 60_000);
    expect((await signIn(server.baseUrl, 'agent@example.test', TEST_PASSWORD, '203.0.113.5')).status).to.equal(200);
  });

  it('counts ten wrong passwords sent at once as ten: the right password is refused afterwards', async () => {
    await f.user('agent', { email: 'raced@example.test' });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(server.baseUrl, 'raced@example.test', `burst-${i}`, '198.51.100.20')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length, String(statuses)).to.be.at.most(MAX);
    expect(statuses.filter((s) => s !== 401).every((s) => s === 429), String(statuses)).to.equal(true);
    const right = await signIn(server.baseUrl, 'raced@example.test', TEST_PASSWORD, '198.51.100.20');
    expect(right.status).to.equal(429);
    // Every one was counted: ten wrong, and the right one that was refused.
    const { pair } = loginSubjects('raced@example.test', '198.51.100.20');
    const [row] = await db.sequelize.query<{ failures: number | string }>('SELECT failures FROM login_failures WHERE subject = :pair', { replacements: { pair }, type: QueryTypes.SELECT });
    expect(Number(row.failures)).to.equal(11);
  });

  it('an administrator setting a new password lifts the lockout', async () => {
    const agent = await f.user('agent', { email: 'reset@example.test' });
    await f.user('super_admin', { email: 'root@example.test' });
    for (let i = 0; i <= MAX; i++) await signIn(server.baseUrl, 'reset@example.test', `guess-${i}`);
    expect((await signIn(server.baseUrl, 'reset@example.test', TEST_PASSWORD)).status).to.equal(429);
    const admin = new ApiClient(server.baseUrl);
    expect((await admin.request('POST', '/api/auth/login', { email: 'root@example.test', password: TEST_PASSWORD }, { 'x-forwarded-for': '203.0.113.99' })).status).to.equal(200);
    admin.csrfToken = (await admin.get('/api/auth/me')).body.csrfToken;
    expect((await admin.request('PUT', `/api/agents/${agent.id}/password`, { password: 'a brand new password' }, { 'x-forwarded-for': '203.0.113.99' })).status).to.be.oneOf([200, 204]);
    expect((await signIn(server.baseUrl, 'reset@example.test', 'a brand new password')).status).to.equal(200);
  });

  it('the hourly expire-sessions job deletes the counts whose window has ended, and only those', async () => {
    await clock.advance(10 * 60_000); // every count so far has ended
    await signIn(server.baseUrl, 'fresh@example.test', 'guess');
    const rows = async () => db.sequelize.query<{ subject: string }>('SELECT subject FROM login_failures ORDER BY subject', { type: QueryTypes.SELECT });
    const before = (await rows()).length;
    expect(before).to.be.greaterThan(2);
    const result = await expireSessions({ db } as never).run({ now: new Date(clock.now() + 60_000) } as never);
    expect(result?.details).to.include({ lockoutCounts: before - 2 });
    const fresh = loginSubjects('fresh@example.test', '192.0.2.10');
    expect((await rows()).map((r) => r.subject)).to.have.members([fresh.pair, fresh.account]);
  });

  it('refuses a bad sign-in body without counting it', async () => {
    const before = await db.sequelize.query('SELECT COUNT(*) AS n FROM login_failures', { type: QueryTypes.SELECT });
    const res = await signIn(server.baseUrl, '', '');
    expect(res.status).to.equal(422);
    expect(res.body.error.code).to.equal('invalid_input');
    expect(await db.sequelize.query('SELECT COUNT(*) AS n FROM login_failures', { type: QueryTypes.SELECT })).to.deep.equal(before);
  });
});

describe('sign-in limits across two nodes (MariaDB + Redis)', function () {
  let install: Installed;
  let nodes: Awaited<ReturnType<typeof startTestServer>>[] = [];
  let db: Database;
  const prefix = `lc-test-${crypto.randomBytes(4).toString('hex')}:`;

  before(async function () {
    requireMysqlInCi();
    if (!testEnv.mysqlUrl) this.skip();
    const redisUrl = redisUrlOrSkip(this);
    install = await installFixture('mysql', {
      server: { trustProxy: 1 },
      redis: { url: redisUrl, keyPrefix: prefix },
      auth: { maxFailedLogins: MAX, maxFailedLoginsPerAccount: 100, lockoutMinutes: 10, loginRateLimitPerMinute: 4 },
    });
    db = install.open();
    await factories(db).user('agent', { email: 'twonodes@example.test' });
    nodes = [await startTestServer(install), await startTestServer(install)];
  });
  after(async () => {
    for (const node of nodes) await node.close();
    await db?.close();
    await install?.cleanup();
    if (testEnv.redisUrl) {
      const { Redis } = await import('ioredis');
      await dropRedisKeys(new Redis(testEnv.redisUrl), prefix);
    }
  });

  it('counts wrong passwords for one account on both nodes together', async () => {
    const answers: ApiResponse[] = [];
    for (let i = 0; i < MAX + 1; i++) answers.push(await signIn(nodes[i % 2].baseUrl, 'twonodes@example.test', `guess-${i}`, '198.51.100.40'));
    expect(answers.map((a) => a.status)).to.deep.equal([401, 401, 401, 429]);
    expect(answers[MAX].body.error.code).to.equal('too_many_attempts');
  });

  it("counts one account's sign-ins from one address on both nodes together (the limit lives in Redis)", async () => {
    await factories(db).user('agent', { email: 'often@example.test' });
    const answers: ApiResponse[] = [];
    for (let i = 0; i < 6; i++) answers.push(await signIn(nodes[i % 2].baseUrl, 'often@example.test', TEST_PASSWORD, '198.51.100.77'));
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200, 200, 429, 429]);
    expect(answers[4].body.error.code).to.equal('rate_limited');
  });
});

describe('the sign-in rate limit (auth.loginRateLimitPerMinute) counts per account and address', () => {
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let db: Database;
  const OFFICE = '203.0.113.9';

  before(async () => {
    // The default limit (10 a minute), behind one proxy as in production.
    install = await installFixture('sqlite', { server: { trustProxy: 1 } });
    db = install.open();
    const f = factories(db);
    for (let i = 1; i <= 20; i++) await f.user('agent', { email: `agent${i}@office.example` });
    server = await startTestServer(install);
  });
  after(async () => {
    await server?.close();
    await db?.close();
    await install?.cleanup();
  });

  it('lets twenty agents of one office sign in at nine from one NAT address', async () => {
    expect(install.config.auth.loginRateLimitPerMinute).to.equal(10);
    const statuses: number[] = [];
    for (let i = 1; i <= 20; i++) statuses.push((await signIn(server.baseUrl, `agent${i}@office.example`, TEST_PASSWORD, OFFICE)).status);
    expect(statuses).to.deep.equal(Array(20).fill(200));
  });

  it('holds one account from one address to the limit, without touching its colleagues or its other addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await signIn(server.baseUrl, 'Agent1@Office.example ', TEST_PASSWORD, '203.0.113.10')).status);
    // A different spelling of the same e-mail is the same account.
    expect(statuses).to.deep.equal([...Array(10).fill(200), 429]);
    const refused = await signIn(server.baseUrl, 'agent1@office.example', TEST_PASSWORD, '203.0.113.10');
    expect(refused.status).to.equal(429);
    expect(refused.body.error.message).to.match(/Too many sign-in attempts for this account from this address: try again in \d+ second/);
    expect(refused.headers.get('retry-after')).to.match(/^\d+$/);
    expect((await signIn(server.baseUrl, 'agent2@office.example', TEST_PASSWORD, '203.0.113.10')).status).to.equal(200);
    expect((await signIn(server.baseUrl, 'agent1@office.example', TEST_PASSWORD, '203.0.113.11')).status).to.equal(200);
  });

  it('counts a body without an e-mail against the address alone, and still answers 422', async () => {
    const res = await new ApiClient(server.baseUrl).request('POST', '/api/auth/login', { password: 'x' }, { 'x-forwarded-for': '203.0.113.12' });
    expect(res.status).to.equal(422);
  });
});

describe('the sign-in limit while Redis is down (a private Redis, stopped)', function () {
  this.timeout(60_000);
  let redis: Awaited<ReturnType<typeof startPrivateRedis>> | null = null;
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>> | null = null;

  before(async () => {
    redis = await startPrivateRedis();
    install = await installFixture('sqlite', { server: { trustProxy: 1 }, redis: { url: redis.url }, auth: { loginRateLimitPerMinute: 2, maxFailedLogins: 100 } });
    server = await startTestServer(install);
  });
  after(async () => {
    await redis?.stop();
    // (Closing waits on Redis connections that cannot reconnect; the bound keeps the suite moving.)
    if (server) await Promise.race([server.close(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    await install?.cleanup();
  });

  it("answers from this node's own count instead of failing or hanging", async () => {
    const statuses = async (address: string) => {
      const out: number[] = [];
      for (let i = 0; i < 3; i++) out.push((await signIn(server!.baseUrl, 'outage@example.test', `guess-${i}`, address)).status);
      return out;
    };
    expect(await statuses('198.51.100.90')).to.deep.equal([401, 401, 429]);
    await redis!.kill();
    const started = Date.now();
    expect(await statuses('198.51.100.91')).to.deep.equal([401, 401, 429]);
    expect(Date.now() - started).to.be.below(10_000);
  });
});
