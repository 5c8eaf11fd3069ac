import { expect } from 'chai';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.js';
import { loadConfig } from '../../../lib/config/load.js';
import { createMailer, type Mailer } from '../../../lib/mail/mailer.js';

function capturingLogger() {
  const lines: any[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

describeEachDialect('e-mail: retries with backoff', (dialect) => {
  let smtp: TestSmtpServer;
  let install: Installed;
  let db: ReturnType<Installed['open']>;
  let f: ReturnType<typeof factories>;
  let mailer: Mailer | null = null;

  before(async () => {
    smtp = await startSmtpServer();
    install = await installFixture(dialect, { smtp: { url: smtp.url, from: 'Support <support@example.test>', retryDelayMs: 150, maxAttempts: 3 } });
    db = install.open();
    f = factories(db);
  });
  afterEach(async () => {
    await mailer?.close();
    mailer = null;
    smtp.refuseNext(0);
  });
  after(async () => {
    await db.close();
    await install.cleanup();
    await smtp.close();
  });

  async function offlineChat(visitorName: string) {
    const client = await f.client();
    await f.user('agent', {}, [client.id]);
    const visitor = await f.visitor(client.id, { name: visitorName });
    const chat = await f.chat(client.id, visitor.id, { status: 'offline' });
    await f.message(chat.id, { body: `Please call ${visitorName}` });
    return chat;
  }

  it('delivers after the SMTP server first refuses, waiting longer each time, and logs the failures', async () => {
    const { logger, lines } = capturingLogger();
    mailer = createMailer({ config: loadConfig({ flags: { dataDir: install.dataDir }, env: {} }), db, logger });
    const chat = await offlineChat('Retry Rita');
    smtp.refuseNext(2);
    const started = Date.now();
    mailer.offlineMessage({ chatId: chat.id, reason: 'offline' });
    const mail = await smtp.waitFor((m) => m.subject.includes('Retry Rita'));
    expect(smtp.refusals).to.be.at.least(2);
    expect(mail.text).to.include('Please call Retry Rita');
    // 150 ms then 300 ms (±20 %) of backoff before the third attempt.
    expect(Date.now() - started).to.be.at.least(0.8 * (150 + 300));
    expect(await mailer.drain(1000)).to.equal(0);
    const retries = lines.filter((l) => l.msg === 'mail failed, will retry');
    expect(retries).to.have.length(2);
    expect(retries[1].retryInMs).to.be.greaterThan(retries[0].retryInMs);
    expect(retries[0].err).to.match(/451|busy/i);
    expect(lines.some((l) => l.msg === 'mail sent after retrying' && l.attempts === 3)).to.equal(true);
  });

  it('gives up after smtp.maxAttempts, logs an error, and sends the mail only once', async () => {
    const { logger, lines } = capturingLogger();
    mailer = createMailer({ config: loadConfig({ flags: { dataDir: install.dataDir }, env: {} }), db, logger });
    const chat = await offlineChat('Never Nick');
    smtp.refuseNext(100);
    mailer.offlineMessage({ chatId: chat.id, reason: 'offline' });
    mailer.offlineMessage({ chatId: chat.id, reason: 'offline' });
    expect(await mailer.drain(5000)).to.equal(0);
    const givenUp = lines.filter((l) => l.msg === 'mail given up');
    expect(givenUp).to.have.length(1);
    expect(givenUp[0].level).to.equal(50);
    expect(givenUp[0].attempts).to.equal(3);
    smtp.refuseNext(0);
    expect(await smtp.settle((m) => m.subject.includes('Never Nick'), 300)).to.have.length(0);
  });
});
