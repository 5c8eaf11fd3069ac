import { expect } from 'chai';
import { runCli, spawnCli, freePort } from '../helpers/cli.js';
import { installFixture, type Installed } from '../helpers/install.js';
import { loadConfig, readJsonFile, writeConfigFile, ConfigError } from '../../lib/config/load.js';
import { dataPaths } from '../../lib/paths.js';
import { startServer } from '../../lib/server.js';
import { createLogger } from '../../lib/logger.js';

/** The install's config file with some secrets taken out (as a hand-written config would leave them). */
function withoutSecrets(install: Installed, ...keys: string[]) {
  const layer = readJsonFile(dataPaths(install.dataDir).configFile) as Record<string, any>;
  for (const key of keys) delete layer.secrets[key];
  writeConfigFile(install.dataDir, layer);
}

const portIsClosed = async (port: number) => fetch(`http://127.0.0.1:${port}/healthz`).then(() => false, () => true);

describe('the server refuses to run without its signing secrets', () => {
  let install: Installed;
  beforeEach(async () => {
    install = await installFixture('sqlite');
  });
  afterEach(() => install.cleanup());

  for (const [key, env] of [['visitorToken', 'LIVECHAT_VISITOR_TOKEN_SECRET'], ['session', 'LIVECHAT_SESSION_SECRET']]) {
    it(`livechat start refuses without secrets.${key}, with and without its checks, saying how to generate it`, async function () {
      this.timeout(60_000);
      withoutSecrets(install, key);
      for (const extra of [[], ['--no-checks']]) {
        const port = await freePort();
        const res = await runCli(['start', '--port', String(port), ...extra], { dataDir: install.dataDir, timeoutMs: 30_000 });
        expect(res.code, `${extra.join(' ')}\n${res.stdout}\n${res.stderr}`).to.not.equal(0);
        expect(res.code).to.not.equal(null);
        expect(res.stderr).to.contain(`secrets.${key}`).and.to.contain('openssl rand -hex 32').and.to.contain(env).and.to.contain('livechat install');
        expect(res.stderr).to.not.match(/\n\s+at /);
        expect(await portIsClosed(port)).to.equal(true);
      }
    });
  }

  it('takes each secret from its LIVECHAT_* variable', async function () {
    this.timeout(60_000);
    withoutSecrets(install, 'session', 'visitorToken', 'backupKey');
    const env = { LIVECHAT_SESSION_SECRET: 's'.repeat(40), LIVECHAT_VISITOR_TOKEN_SECRET: 'v'.repeat(40), LIVECHAT_BACKUP_KEY: 'ab'.repeat(32) };
    expect(loadConfig({ flags: { dataDir: install.dataDir }, env }).secrets).to.deep.equal({ session: 's'.repeat(40), visitorToken: 'v'.repeat(40), backupKey: 'ab'.repeat(32) });
    expect(() => loadConfig({ flags: { dataDir: install.dataDir }, env: { ...env, LIVECHAT_VISITOR_TOKEN_SECRET: 'short' } })).to.throw(ConfigError, /secrets\.visitorToken: must be at least 32 characters/);
    const port = await freePort();
    const server = spawnCli(['start', '--port', String(port)], { dataDir: install.dataDir, env });
    try {
      await server.waitFor(/is running/);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).to.equal(200);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('startServer itself refuses (a program that skips the CLI gets no server that signs with an empty key)', async () => {
    withoutSecrets(install, 'visitorToken');
    const config = loadConfig({ flags: { dataDir: install.dataDir, server: { port: 0, host: '127.0.0.1' }, jobs: { enabled: false } }, env: {} });
    const refused = await startServer({ config, logger: createLogger('silent') }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).to.be.instanceOf(ConfigError);
    expect((refused as ConfigError).problems).to.have.length(1);
    expect((refused as ConfigError).problems[0]).to.match(/^secrets\.visitorToken: is required/);
  });

  it('doctor reports the missing secrets with the fix; commands that sign nothing still run', async function () {
    this.timeout(60_000);
    withoutSecrets(install, 'visitorToken', 'backupKey');
    const doctor = await runCli(['doctor', '--json'], { dataDir: install.dataDir });
    expect(doctor.code).to.equal(1);
    const secrets = doctor.json().checks.find((c: { id: string }) => c.id === 'secrets');
    expect(secrets.status).to.equal('fail');
    expect(secrets.message).to.contain('secrets.visitorToken').and.to.contain('LIVECHAT_VISITOR_TOKEN_SECRET');
    expect(secrets.fix).to.contain('livechat install --non-interactive');
    expect(doctor.json().checks.find((c: { id: string }) => c.id === 'database').status).to.equal('pass');

    const status = await runCli(['migrate', 'status', '--json'], { dataDir: install.dataDir });
    expect(status.code, status.stderr).to.equal(0);
    const added = await runCli(['client', 'add', '--name', 'No Secrets Needed', '--domain', 'nosecrets.example', '--json'], { dataDir: install.dataDir });
    expect(added.code, added.stderr).to.equal(0);

    // Re-running install writes what is missing and nothing else.
    const before = loadConfig({ flags: { dataDir: install.dataDir }, env: {} }).secrets;
    const reinstall = await runCli(['install', '--non-interactive', '--admin-password', 'some-password-1'], { dataDir: install.dataDir });
    expect(reinstall.code, reinstall.stderr).to.equal(0);
    const after = loadConfig({ flags: { dataDir: install.dataDir }, env: {} }).secrets;
    expect(after.session).to.equal(before.session);
    expect(after.visitorToken).to.match(/^[0-9a-f]{64}$/);
    expect(after.backupKey).to.match(/^[0-9a-f]{64}$/);
    const healed = await runCli(['doctor', '--json'], { dataDir: install.dataDir });
    expect(healed.json().checks.find((c: { id: string }) => c.id === 'secrets').status).to.equal('pass');
  });

  it('doctor only warns about a missing backup key (plain backups work without it)', async () => {
    withoutSecrets(install, 'backupKey');
    const doctor = await runCli(['doctor', '--json'], { dataDir: install.dataDir });
    const secrets = doctor.json().checks.find((c: { id: string }) => c.id === 'secrets');
    expect(secrets.status).to.equal('warn');
    expect(secrets.fix).to.contain('LIVECHAT_BACKUP_KEY');
  });
});
