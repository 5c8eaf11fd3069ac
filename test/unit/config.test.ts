import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError, writeConfigFile } from '../../lib/config/load.js';
import { tmpDataDir } from '../helpers/tmp.js';
import { ENV_KEYS } from '../../lib/config/env.js';
import { repoRoot } from '../helpers/cli.js';

describe('configuration', () => {
  it('layers defaults, the data folder file, LIVECHAT_* variables and flags, in that order', () => {
    const dataDir = tmpDataDir();
    writeConfigFile(dataDir, { server: { port: 4001 }, publicUrl: 'https://chat.example.com' });
    const fromFile = loadConfig({ flags: { dataDir }, env: {} });
    expect(fromFile.server.port).to.equal(4001);
    expect(fromFile.server.host).to.equal('0.0.0.0');
    expect(fromFile.publicUrl).to.equal('https://chat.example.com');
    const fromEnv = loadConfig({ flags: { dataDir }, env: { LIVECHAT_PORT: '4002' } });
    expect(fromEnv.server.port).to.equal(4002);
    const fromFlags = loadConfig({ flags: { dataDir, server: { port: 4003 } }, env: { LIVECHAT_PORT: '4002' } });
    expect(fromFlags.server.port).to.equal(4003);
  });

  it('takes the data folder from LIVECHAT_DATA_DIR when no flag is given', () => {
    const dataDir = tmpDataDir();
    expect(loadConfig({ env: { LIVECHAT_DATA_DIR: dataDir } }).dataDir).to.equal(dataDir);
  });

  it('lists every problem at once, by key, and the result is frozen', () => {
    const dataDir = tmpDataDir();
    writeConfigFile(dataDir, { server: { port: 'eighty' }, database: { dialect: 'oracle' }, publicUrl: 'ftp://x' });
    let error: unknown;
    try {
      loadConfig({ flags: { dataDir }, env: { LIVECHAT_LOG_LEVEL: 'loud' } });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).to.include('server.port');
    expect(problems).to.include('database.dialect');
    expect(problems).to.include('publicUrl');
    expect(problems).to.include('log.level');
    const ok = loadConfig({ flags: { dataDir: tmpDataDir() }, env: {} });
    expect(Object.isFrozen(ok.server)).to.equal(true);
  });

  it('takes the bounds of database, Redis and /readyz waits from LIVECHAT_* variables, and refuses ones that are not a sane number of ms', () => {
    const dataDir = tmpDataDir();
    const env = { LIVECHAT_DB_CONNECT_TIMEOUT_MS: '2000', LIVECHAT_DB_ACQUIRE_TIMEOUT_MS: '3000', LIVECHAT_DB_QUERY_TIMEOUT_MS: '4000', LIVECHAT_REDIS_COMMAND_TIMEOUT_MS: '250', LIVECHAT_READY_TIMEOUT_MS: '1500' };
    const config = loadConfig({ flags: { dataDir }, env });
    expect(config.database).to.include({ connectTimeoutMs: 2000, acquireTimeoutMs: 3000, queryTimeoutMs: 4000 });
    expect(config.redis.commandTimeoutMs).to.equal(250);
    expect(config.server.readyTimeoutMs).to.equal(1500);
    let error: unknown;
    try {
      loadConfig({ flags: { dataDir }, env: { LIVECHAT_DB_QUERY_TIMEOUT_MS: 'soon', LIVECHAT_READY_TIMEOUT_MS: '0', LIVECHAT_DB_CONNECT_TIMEOUT_MS: '-5' } });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const key of ['database.queryTimeoutMs', 'server.readyTimeoutMs', 'database.connectTimeoutMs']) expect(problems).to.include(key);
  });

  it('gives every rate limit and lockout key a LIVECHAT_* variable, and refuses a value that is not a count', () => {
    const dataDir = tmpDataDir();
    const env = {
      LIVECHAT_LOGIN_RATE_LIMIT_PER_MINUTE: '40',
      LIVECHAT_MAX_FAILED_LOGINS: '7',
      LIVECHAT_MAX_FAILED_LOGINS_PER_ACCOUNT: '70',
      LIVECHAT_LOCKOUT_MINUTES: '20',
      LIVECHAT_VISITOR_MESSAGES_PER_MINUTE: '30',
      LIVECHAT_AGENT_MESSAGES_PER_MINUTE: '120',
      LIVECHAT_WIDGET_REQUESTS_PER_MINUTE: '300',
      LIVECHAT_MAX_CONNECTIONS_PER_VISITOR: '4',
      LIVECHAT_MAX_CONNECTIONS_PER_ADDRESS: '400',
      LIVECHAT_UPLOADS_PER_MINUTE: '9',
    };
    const config = loadConfig({ flags: { dataDir }, env });
    expect(config.auth).to.include({ loginRateLimitPerMinute: 40, maxFailedLogins: 7, maxFailedLoginsPerAccount: 70, lockoutMinutes: 20 });
    expect(config.chat).to.include({ visitorMessagesPerMinute: 30, agentMessagesPerMinute: 120, widgetRequestsPerMinute: 300, maxConnectionsPerVisitor: 4, maxConnectionsPerAddress: 400 });
    expect(config.files.uploadsPerMinute).to.equal(9);
    // Every key that limits a rate has its variable.
    const limitKeys = Object.entries(config).flatMap(([section, value]) =>
      value && typeof value === 'object' ? Object.keys(value).filter((k) => /PerMinute$/.test(k)).map((k) => `${section}.${k}`) : [],
    );
    const withVariable = new Set(Object.values(ENV_KEYS).map((e) => e.path));
    expect(limitKeys.filter((k) => !withVariable.has(k))).to.deep.equal([]);
    expect(() => loadConfig({ flags: { dataDir }, env: { LIVECHAT_LOGIN_RATE_LIMIT_PER_MINUTE: 'lots' } })).to.throw(ConfigError, /auth\.loginRateLimitPerMinute/);
  });

  it('documents every LIVECHAT_* variable beside its key in config/README.md (the data folder in the text above the table)', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'config', 'README.md'), 'utf8');
    const documented = (name: string, key: string) => readme.includes(`| \`${key}\` | \`${name}\` |`) || (key === 'dataDir' && readme.includes(`\`${name}\``));
    const undocumented = Object.entries(ENV_KEYS).filter(([name, { path: key }]) => !documented(name, key));
    expect(undocumented.map(([name]) => name)).to.deep.equal([]);
  });

  it('names the file when it is not valid JSON', () => {
    const dataDir = tmpDataDir();
    fs.writeFileSync(path.join(dataDir, 'livechat.json'), '{ nope');
    expect(() => loadConfig({ flags: { dataDir }, env: {} })).to.throw(ConfigError, /livechat\.json is not valid JSON/);
  });

  it('keeps the config file readable by its owner only (it holds secrets)', () => {
    const dataDir = tmpDataDir();
    writeConfigFile(dataDir, { secrets: { session: 'x'.repeat(40) } });
    expect(fs.statSync(path.join(dataDir, 'livechat.json')).mode & 0o077).to.equal(0);
  });
});
