import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { connectAgent, connectVisitor, newMsgId } from '../../helpers/visitors.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../../lib/domain/schemas.js';
import type { TestSocket } from '../../helpers/rtclient.js';

describeEachDialect('e-mail: chat transcripts', (dialect) => {
  let smtp: TestSmtpServer;
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let db: ReturnType<Installed['open']>;
  let f: ReturnType<typeof factories>;
  const sockets: TestSocket[] = [];

  before(async () => {
    smtp = await startSmtpServer();
    install = await installFixture(dialect, { smtp: { url: smtp.url, from: 'Support <support@example.test>', retryDelayMs: 100 } });
    db = install.open();
    f = factories(db);
    server = await startTestServer(install);
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await server.close();
    await db.close();
    await install.cleanup();
    await smtp.close();
  });

  async function agentSocket(email: string) {
    const api = await signedIn(server.baseUrl, email, TEST_PASSWORD);
    const s = await connectAgent(server.baseUrl, api.cookie!);
    sockets.push(s);
    return s;
  }

  /** A chat with two agents (one joins and leaves), visitor and agent messages and an internal note, then closed by the agent. */
  async function conversation(transcriptEmails: boolean, visitorEmail: string) {
    const client = await f.client({ widget_settings: { ...DEFAULT_WIDGET_SETTINGS, transcriptEmails } });
    const alex = await f.user('agent', { status: 'online', pseudo_name: `Alex ${client.id}` }, [client.id]);
    const sam = await f.user('agent', { status: 'online', pseudo_name: `Sam ${client.id}` }, [client.id]);
    const a = await agentSocket(alex.email);
    const b = await agentSocket(sam.email);
    const v = await connectVisitor(server.baseUrl, client.widget_key);
    sockets.push(v.socket);
    const lead = { name: 'Nora', email: visitorEmail, phone: '+1 555 0199' };
    const { chat } = await v.socket.request({ type: 'chat.start', lead, message: 'My order #1042 has not arrived.', clientMsgId: newMsgId() });
    await a.request({ type: 'chat.join', chatId: chat.id });
    await b.request({ type: 'chat.join', chatId: chat.id });
    await b.request({ type: 'chat.leave', chatId: chat.id });
    await a.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'Sorry to hear that, let me check.' });
    await a.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'Courier lost it again, refund her', internal: true });
    await v.socket.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'Thank you!' });
    await a.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'A new parcel leaves today.' });
    const closed = await a.request({ type: 'chat.close', chatId: chat.id });
    expect(closed.chat.status).to.equal('closed');
    return { client, alex, sam, chat };
  }

  it("mails the visitor the chat's messages in order when the chat closes: joins and the close, no internal notes, no other system lines", async () => {
    const { client, alex, sam, chat } = await conversation(true, 'nora@example.test');
    const mail = await smtp.waitFor((m) => m.to.includes('nora@example.test'));
    expect(mail.to).to.deep.equal(['nora@example.test']);
    expect(mail.subject).to.equal(`Your chat with ${client.name}: transcript`);
    expect(mail.messageId).to.match(new RegExp(`^<chat-${chat.id}\\.transcript-\\d+@localhost>$`));
    expect(mail.inReplyTo).to.equal(`<chat-${chat.id}@localhost>`);
    const order = ['My order #1042 has not arrived.', `${alex.pseudo_name} joined the chat`, 'Sorry to hear that, let me check.', 'Thank you!', 'A new parcel leaves today.', `Chat closed by ${alex.pseudo_name}`];
    for (const body of [mail.text, mail.html]) {
      const positions = order.map((line) => body.indexOf(line));
      expect(positions, `all lines present in:\n${body}`).to.not.include(-1);
      expect([...positions].sort((x, y) => x - y)).to.deep.equal(positions);
      expect(body).to.not.include('Courier lost it');
      expect(body).to.not.include(`${sam.pseudo_name} left the chat`);
    }
    expect(mail.text).to.include(`${alex.pseudo_name} (`).and.include('Nora (');
    expect((await smtp.settle((m) => m.to.includes('nora@example.test'))).length).to.equal(1);
  });

  it('sends no transcript when the website has transcripts off', async () => {
    await conversation(false, 'quiet@example.test');
    expect(await smtp.settle((m) => m.to.includes('quiet@example.test'), 700)).to.have.length(0);
  });
});
