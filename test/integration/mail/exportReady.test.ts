import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.js';

describeEachDialect('e-mail: a background export is ready', (dialect) => {
  let smtp: TestSmtpServer;
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let db: ReturnType<Installed['open']>;

  before(async () => {
    smtp = await startSmtpServer();
    install = await installFixture(dialect, { smtp: { url: smtp.url, from: 'Support <support@example.test>', retryDelayMs: 100 } });
    db = install.open();
    server = await startTestServer(install);
  });
  after(async () => {
    await server.close();
    await db.close();
    await install.cleanup();
    await smtp.close();
  });

  it('sends the user who started it the download link, once', async () => {
    const f = factories(db);
    const site = await f.client();
    await f.user('manager', { email: 'boss@example.test', name: 'Bea Boss' });
    const visitor = await f.visitor(site.id);
    await f.chat(site.id, visitor.id, { status: 'closed' });
    const boss = await signedIn(server.baseUrl, 'boss@example.test', TEST_PASSWORD);
    const started = await boss.post('/api/history/exports', { format: 'xlsx' });
    expect(started.status).to.equal(202);
    const id = started.body.export.id;
    const mail = await smtp.waitFor((m) => m.to.includes('boss@example.test'));
    expect(mail.subject).to.equal('Your chat history export is ready (1 chat)');
    expect(mail.text).to.include('Hello Bea Boss, the Excel export you started (1 chat) is ready to download:').and.include(`/api/history/exports/${id}/file`);
    expect(mail.html).to.include(`/api/history/exports/${id}/file`);
    const download = await fetch(`${server.baseUrl}/api/history/exports/${id}/file`, { headers: { cookie: boss.cookie! } });
    expect(download.status).to.equal(200);
    expect(await smtp.settle((m) => m.to.includes('boss@example.test'), 300)).to.have.length(1);
  });
});
