import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { factories } from '../../helpers/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.js';
import { createLogger } from '../../../lib/logger.js';
import { openJobRuntime } from '../../../lib/jobs/runtime.js';
import { sessionCleanup } from '../../../lib/jobs/sessionCleanup.js';
import { runJob } from '../../../lib/jobs/runJob.js';
import { MISSED_CHAT_NOTICE } from '../../../lib/jobs/sessions/markChatMissed.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../../lib/domain/schemas.js';
import type { BusEvent } from '../../../lib/protocol/events.js';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describeEachDialect('job: session-cleanup', (dialect) => {
  let smtp: TestSmtpServer;
  let install: Installed;
  let db: ReturnType<Installed['open']>;
  let f: ReturnType<typeof factories>;

  before(async () => {
    smtp = await startSmtpServer();
    install = await installFixture(dialect, {
      smtp: { url: smtp.url, from: 'Support <support@example.test>', retryDelayMs: 100 },
      chat: { visitorIdleMinutes: 30, waitingTimeoutMinutes: 10, inactiveCloseMinutes: 60 },
    });
    db = install.open();
    f = factories(db);
  });
  after(async () => {
    await db.close();
    await install.cleanup();
    await smtp.close();
  });

  it('takes idle visitors and agents without a connection offline, turns unanswered waiting chats into missed messages (agents mailed) and closes inactive chats (transcript mailed)', async () => {
    const client = await f.client({ widget_settings: { ...DEFAULT_WIDGET_SETTINGS, transcriptEmails: true } });
    const agent = await f.user('agent', { pseudo_name: 'Kim' }, [client.id]);
    const session = async (lastActivity: Date) => {
      const visitor = await f.visitor(client.id);
      await db.models.VisitorSession.create({ visitor_id: visitor.id, client_id: client.id, session_key: `s-${visitor.id}`, is_online: true, started_at: lastActivity, last_activity_at: lastActivity });
      return visitor;
    };
    const idle = await session(minutesAgo(45));
    const idleButConnected = await session(minutesAgo(45));
    const busy = await session(minutesAgo(2));

    const waitingVisitor = await f.visitor(client.id, { name: 'Wanda', email: 'wanda@example.test' });
    const unanswered = await f.chat(client.id, waitingVisitor.id, { status: 'waiting', started_at: minutesAgo(20), last_message_at: minutesAgo(20) });
    await f.message(unanswered.id, { body: 'Is anyone there?' });
    await db.models.Chat.update({ last_message_at: minutesAgo(20) }, { where: { id: unanswered.id } });
    const justArrived = await f.chat(client.id, (await f.visitor(client.id)).id, { status: 'waiting', started_at: minutesAgo(3), last_message_at: minutesAgo(3) });

    const quietVisitor = await f.visitor(client.id, { name: 'Quinn', email: 'quinn@example.test' });
    const quiet = await f.chat(client.id, quietVisitor.id, { status: 'active', started_at: minutesAgo(120), last_message_at: minutesAgo(90) });
    await db.models.ChatParticipant.create({ chat_id: quiet.id, user_id: agent.id, joined_at: minutesAgo(119) });
    await f.message(quiet.id, { sender_type: 'visitor', body: 'Thanks, that is all.' });
    await f.message(quiet.id, { sender_type: 'agent', sender_id: agent.id, body: 'Have a nice day!' });
    await db.models.Chat.update({ last_message_at: minutesAgo(90) }, { where: { id: quiet.id } });
    const lively = await f.chat(client.id, (await f.visitor(client.id)).id, { status: 'active', started_at: minutesAgo(120), last_message_at: minutesAgo(5) });

    // Shown online or away by a node that died with their sockets; one still has a dashboard open.
    const otherSite = await f.client();
    const stranded = await f.user('agent', { status: 'online' }, [otherSite.id]);
    const strandedAway = await f.user('agent', { status: 'away' }, [otherSite.id]);
    const stillConnected = await f.user('agent', { status: 'online' }, [otherSite.id]);

    const logger = createLogger('silent');
    const runtime = await openJobRuntime(install.config, db, logger);
    const events: BusEvent[] = [];
    runtime.deps.bus.subscribe((e) => events.push(e));
    const job = sessionCleanup({ ...runtime.deps, isConnected: async (kind, id) => (kind === 'visitor' ? id === idleButConnected.id : id === stillConnected.id) });
    try {
      const outcome = await runJob(job, { leases: runtime.leases, logger, trigger: 'manual' });
      expect(outcome).to.deep.include({ status: 'done', details: { offline: 1, agentsOffline: 2, missed: 1, closed: 1 } });
      const status = async (userId: number) => (await db.models.User.findByPk(userId))!.status;
      expect([await status(stranded.id), await status(strandedAway.id), await status(stillConnected.id), await status(agent.id)]).to.deep.equal(['offline', 'offline', 'online', 'offline']);
      const announced = events.filter((e): e is Extract<BusEvent, { name: 'agent.status' }> => e.name === 'agent.status');
      expect(announced.map((e) => [e.agentId, e.status, e.clientIds])).to.have.deep.members([
        [stranded.id, 'offline', [otherSite.id]],
        [strandedAway.id, 'offline', [otherSite.id]],
      ]);

      const online = async (visitorId: number) => (await db.models.VisitorSession.findOne({ where: { visitor_id: visitorId } }))!.is_online;
      expect(await online(idle.id)).to.equal(false);
      expect(await online(idleButConnected.id)).to.equal(true);
      expect(await online(busy.id)).to.equal(true);
      expect(events.some((e) => e.name === 'visitor.presence' && e.visitorId === idle.id && !e.online)).to.equal(true);

      expect((await db.models.Chat.findByPk(unanswered.id))!.status).to.equal('offline');
      expect((await db.models.Chat.findByPk(justArrived.id))!.status).to.equal('waiting');
      const notice = await db.models.Message.findOne({ where: { chat_id: unanswered.id, message_type: 'system' } });
      expect(notice!.body).to.equal(MISSED_CHAT_NOTICE);
      const missedMail = await smtp.waitFor((m) => m.subject.startsWith('Missed chat'));
      expect(missedMail.to).to.deep.equal([agent.email]);
      expect(missedMail.subject).to.equal(`Missed chat on ${client.name}: Wanda waited 10 minutes`);
      expect(missedMail.text).to.include('Is anyone there?').and.include('wanda@example.test');

      const closed = (await db.models.Chat.findByPk(quiet.id))!;
      expect(closed).to.include({ status: 'closed', ended_by: 'system' });
      expect((await db.models.Chat.findByPk(lively.id))!.status).to.equal('active');
      expect(events.some((e) => e.name === 'chat.closed' && e.chatId === quiet.id && e.endedBy === 'system')).to.equal(true);
      const transcript = await smtp.waitFor((m) => m.to.includes('quinn@example.test'));
      expect(transcript.text).to.include('Thanks, that is all.').and.include('Have a nice day!').and.include('Chat closed by the system');

      // A second run finds nothing left to do and sends nothing twice.
      const again = await runJob(job, { leases: runtime.leases, logger, trigger: 'manual' });
      expect(again).to.deep.include({ status: 'done', details: { offline: 0, agentsOffline: 0, missed: 0, closed: 0 } });
    } finally {
      expect(await runtime.close(5000)).to.equal(0);
    }
    expect(await smtp.settle((m) => m.subject.startsWith('Missed chat') && m.subject.includes(client.name))).to.have.length(1);
    expect(await smtp.settle((m) => m.to.includes('quinn@example.test'), 0)).to.have.length(1);
  });
});
