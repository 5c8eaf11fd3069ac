import { expect } from 'chai';
import getPort from 'get-port';
import { installFixture, type Installed } from '../helpers/install.js';
import { runCli } from '../helpers/cli.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { readJsonFile, writeConfigFile } from '../../lib/config/load.js';
import { dataPaths } from '../../lib/paths.js';

function setSmtp(dataDir: string, smtp: Record<string, unknown>) {
  const layer = readJsonFile(dataPaths(dataDir).configFile) as Record<string, unknown>;
  writeConfigFile(dataDir, { ...layer, smtp });
}

describe('livechat mail test --to', () => {
  let install: Installed;
  let smtp: TestSmtpServer;
  beforeEach(async () => {
    install = await installFixture('sqlite');
    smtp = await startSmtpServer();
  });
  afterEach(async () => {
    await smtp.close();
    await install.cleanup();
  });

  it('sends a test message through the configured SMTP server', async () => {
    setSmtp(install.dataDir, { url: smtp.url, from: 'livechat@example.test' });
    const res = await runCli(['mail', 'test', '--to', 'admin@example.test'], { dataDir: install.dataDir });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.contain('Test message sent to admin@example.test');
    const mail = await smtp.waitFor((m) => m.to.includes('admin@example.test'));
    expect(mail.subject).to.equal('livechat test message');
    expect(mail.from).to.equal('livechat@example.test');
    expect(mail.text).to.contain('livechat mail test');

    const json = await runCli(['mail', 'test', '--to', 'ops@example.test', '--json'], { dataDir: install.dataDir });
    expect(json.json()).to.deep.include({ sent: true, to: 'ops@example.test' });
  });

  it('fails with what to do when no SMTP server is configured, and sends nothing', async () => {
    const res = await runCli(['mail', 'test', '--to', 'admin@example.test'], { dataDir: install.dataDir });
    expect(res.code).to.equal(1);
    expect(res.stderr).to.contain('No SMTP server is configured').and.to.contain('smtp.url').and.to.contain('LIVECHAT_SMTP_URL');
    expect(res.stderr).to.not.match(/\n\s+at /);
    expect(smtp.mails).to.have.length(0);
  });

  it('fails with the reason and the fix when the SMTP server cannot be reached, without printing the password', async () => {
    setSmtp(install.dataDir, { url: `smtp://user:hunter2@127.0.0.1:${await getPort()}` });
    const res = await runCli(['mail', 'test', '--to', 'admin@example.test'], { dataDir: install.dataDir });
    expect(res.code).to.equal(1);
    expect(res.stderr).to.contain('did not take the test message').and.to.contain('ECONNREFUSED').and.to.contain('Check smtp.url');
    expect(res.stderr).to.not.contain('hunter2');
    expect(res.stderr).to.not.match(/\n\s+at /);
  });

  it('refuses an address that is not one', async () => {
    setSmtp(install.dataDir, { url: smtp.url });
    const res = await runCli(['mail', 'test', '--to', 'not-an-address'], { dataDir: install.dataDir });
    expect(res.code).to.equal(1);
    expect(res.stderr).to.contain('--to "not-an-address" is not an e-mail address');
    expect(smtp.mails).to.have.length(0);
  });
});
