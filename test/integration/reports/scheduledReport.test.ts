import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, type ApiClient } from '../../helpers/http.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../helpers/smtp.js';
import { runCli } from '../../helpers/cli.js';
import { seedReportChats } from '../../helpers/reportSeed.js';
import { expectPdfHoldsFigures } from '../../helpers/reportPdf.js';
import { reportFigures } from '../../../lib/domain/reports/reportFigures.js';

/**
 * The scheduled report: a manager or super admin subscribes himself (GET/PUT /api/reports/subscription),
 * and the scheduled-reports job, run as of a given time, e-mails each subscriber the PDF of his period.
 */
describeEachDialect('scheduled report by e-mail', (dialect) => {
  let smtp: TestSmtpServer;
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let db: ReturnType<Installed['open']>;
  let seeded: Awaited<ReturnType<typeof seedReportChats>>;
  let boss: ApiClient;
  let root: ApiClient;
  let alex: ApiClient;

  before(async () => {
    smtp = await startSmtpServer();
    install = await installFixture(dialect, { jobs: { timezone: 'Europe/Paris' }, smtp: { url: smtp.url, from: 'Reports <reports@example.test>', retryDelayMs: 100 } });
    db = install.open();
    seeded = await seedReportChats(db);
    server = await startTestServer(install);
    boss = await signedIn(server.baseUrl, 'boss@r.test', TEST_PASSWORD);
    root = await signedIn(server.baseUrl, 'root@r.test', TEST_PASSWORD);
    alex = await signedIn(server.baseUrl, 'alex@r.test', TEST_PASSWORD);
  });
  after(async () => {
    await server.close();
    await db.close();
    await install.cleanup();
    await smtp.close();
  });

  const runAt = async (at: string) => {
    const res = await runCli(['jobs', 'run', 'scheduled-reports', '--at', at, '--json'], { dataDir: install.dataDir });
    expect(res.code, res.stderr).to.equal(0);
    return res.json();
  };
  const figures = (from: string, to: string, clientIds?: number[]) => reportFigures(db.models, null, 'Europe/Paris', { from, to, clientIds }, null);
  const pdfOf = (mail: ReceivedMail) => {
    expect(mail.attachments).to.have.length(1);
    expect(mail.attachments[0].contentType).to.equal('application/pdf');
    return mail.attachments[0];
  };

  it('lets a manager or super admin set his own subscription, and refuses agents and bad input clearly', async () => {
    expect((await boss.get('/api/reports/subscription')).body).to.deep.equal({ subscription: null });
    const saved = await boss.put('/api/reports/subscription', { frequency: 'weekly', clientIds: [seeded.b.id] });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    expect(saved.body).to.deep.equal({ subscription: { frequency: 'weekly', clientIds: [seeded.b.id] } });
    expect((await boss.get('/api/reports/subscription')).body).to.deep.equal(saved.body);
    expect((await root.put('/api/reports/subscription', { frequency: 'monthly' })).body).to.deep.equal({ subscription: { frequency: 'monthly', clientIds: null } });

    const agent = await alex.put('/api/reports/subscription', { frequency: 'weekly', clientIds: [seeded.a.id] });
    expect(agent.status).to.equal(403);
    expect((await alex.get('/api/reports/subscription')).status).to.equal(403);
    const badFrequency = await boss.put('/api/reports/subscription', { frequency: 'daily' });
    expect(badFrequency.status).to.equal(422);
    expect(JSON.stringify(badFrequency.body)).to.include('must be weekly, monthly or none');
    const unknown = await boss.put('/api/reports/subscription', { frequency: 'weekly', clientIds: [99999] });
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.message).to.include('website (id 99999)');
    // Nothing refused changed what was saved.
    expect((await boss.get('/api/reports/subscription')).body).to.deep.equal(saved.body);
  });

  it('on a Monday, e-mails each weekly subscriber the PDF of the week before, on his websites only, once', async () => {
    // Monday 9 November 2026, 08:00 in Paris: the week of Monday 2 to Sunday 8.
    const result = await runAt('2026-11-09T07:00:00Z');
    expect(result.summary).to.equal('report e-mails queued: 1 weekly (2026-11-02 to 2026-11-08)');
    const mail = await smtp.waitFor((m) => m.to.includes('boss@r.test'));
    expect(mail.subject).to.equal('Your weekly chat report, 2026-11-02 to 2026-11-08');
    expect(mail.text).to.include('Hello Bea Boss, here is the chat report for 2026-11-02 to 2026-11-08');
    const pdf = pdfOf(mail);
    expect(pdf.filename).to.equal('chat-report-2026-11-02-to-2026-11-08.pdf');
    const expected = await figures('2026-11-02', '2026-11-08', [seeded.b.id]);
    expect(expected.overview.chats).to.equal(2);
    const text = await expectPdfHoldsFigures(pdf.content, expected, 'Site Beta');
    expect(text).to.include('Your weekly chat report').and.not.include('Site Alpha');

    expect((await runAt('2026-11-09T07:30:00Z')).summary).to.equal('report e-mails queued: 0 weekly (2026-11-02 to 2026-11-08)');
    expect(await smtp.settle((m) => m.subject.startsWith('Your weekly'), 500)).to.have.length(1);
    expect(smtp.mails.filter((m) => m.to.includes('root@r.test'))).to.have.length(0);
  });

  it('on the 1st, e-mails each monthly subscriber the month before on every website; other days, nothing', async () => {
    expect((await runAt('2026-11-10T07:00:00Z')).summary).to.match(/^not a report day/);
    await runAt('2026-12-01T06:00:00Z');
    const mail = await smtp.waitFor((m) => m.to.includes('root@r.test'));
    expect(mail.subject).to.equal('Your monthly chat report, 2026-11-01 to 2026-11-30');
    const expected = await figures('2026-11-01', '2026-11-30');
    expect(expected.overview.chats).to.equal(6);
    await expectPdfHoldsFigures(pdfOf(mail).content, expected);
    expect(await smtp.settle((m) => m.to.includes('boss@r.test'), 300)).to.have.length(1);
  });

  it('stops when the subscriber unsubscribes', async () => {
    expect((await boss.put('/api/reports/subscription', { frequency: 'none' })).body).to.deep.equal({ subscription: null });
    expect((await runAt('2026-11-16T07:00:00Z')).summary).to.equal('report e-mails queued: 0 weekly (2026-11-09 to 2026-11-15)');
  });
});
