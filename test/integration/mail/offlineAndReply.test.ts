import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { connectAgent, connectVisitor, newMsgId } from '../../helpers/visitors.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { waitFor } from '../../helpers/wait.js';

const until = (check: () => Promise<boolean>, what: string, timeoutMs = 5000) => waitFor(what, check, timeoutMs);

describeEachDialect('e-mail: offline messages and replies by e-mail', (dialect) => {
  let smtp: TestSmtpServer;
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let db: ReturnType<Installed['open']>;
  let f: ReturnType<typeof factories>;
  const sockets: TestSocket[] = [];

  before(async () => {
    smtp = await startSmtpServer();
    install = await installFixture(dialect, {
      smtp: { url: smtp.url, from: 'Support <support@example.test>', retryDelayMs: 100 },
      chat: { visitorOfflineGraceSeconds: 0, agentOfflineGraceSeconds: 0 },
    });
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

  async function site() {
    const client = await f.client({ name: `Bakery ${Date.now()}`, domains: ['example.test'] });
    const alex = await f.user('agent', { status: 'offline' }, [client.id]);
    const sam = await f.user('agent', { status: 'offline' }, [client.id]);
    const elsewhere = await f.client();
    const outsider = await f.user('agent', { status: 'offline' }, [elsewhere.id]);
    return { client, alex, sam, outsider };
  }
  async function agentSocket(email: string) {
    const api = await signedIn(server.baseUrl, email, TEST_PASSWORD);
    const s = await connectAgent(server.baseUrl, api.cookie!);
    sockets.push(s);
    return s;
  }

  it("mails an offline message to that website's agents only, with the visitor's details and words", async () => {
    const { client, alex, sam, outsider } = await site();
    const v = await connectVisitor(server.baseUrl, client.widget_key);
    sockets.push(v.socket);
    const lead = { name: 'Vera <b>Ng</b>', email: 'vera@example.test', phone: '+1 555 0100' };
    const started = await v.socket.request({ type: 'chat.start', lead, message: 'Do you deliver on Sundays? <script>x</script>', clientMsgId: newMsgId() });
    expect(started.chat.status).to.equal('offline');

    const mail = await smtp.waitFor((m) => m.subject.includes(client.name));
    expect(mail.to.sort()).to.deep.equal([alex.email, sam.email].sort());
    expect(mail.to).to.not.include(outsider.email);
    expect(mail.subject).to.equal(`New offline message on ${client.name} from Vera <b>Ng</b>`);
    expect(mail.text).to.include('Do you deliver on Sundays?').and.include('vera@example.test').and.include('+15550100');
    // Values are escaped in the HTML part: a visitor cannot put markup into an agent's mail.
    expect(mail.html).to.include('Vera &lt;b&gt;Ng&lt;/b&gt;').and.include('&lt;script&gt;x&lt;/script&gt;');
    expect(mail.html).to.not.include('<script>');
    expect(mail.messageId).to.equal(`<chat-${started.chat.id}.offline-0.agents@localhost>`);
    expect(mail.inReplyTo).to.equal(`<chat-${started.chat.id}.agents@localhost>`);
    expect((await smtp.settle((m) => m.subject.includes(client.name))).length).to.equal(1);
  });

  it("mails an agent's replies to an away visitor, threaded by chat; internal notes never", async () => {
    const { client, alex } = await site();
    const v = await connectVisitor(server.baseUrl, client.widget_key);
    const lead = { name: 'Omar', email: 'omar@example.test', phone: '+1 555 0101' };
    const { chat } = await v.socket.request({ type: 'chat.start', lead, message: 'Can I order a cake for 20?', clientMsgId: newMsgId() });
    await smtp.waitFor((m) => m.subject.includes(client.name) && m.subject.includes('Omar'));
    v.socket.close();
    await until(async () => (await db.models.VisitorSession.findOne({ where: { visitor_id: v.session.visitorId }, order: [['id', 'DESC']] }))?.is_online === false, 'the visitor to go offline');

    const a = await agentSocket(alex.email);
    expect((await a.request({ type: 'chat.join', chatId: chat.id })).ok).to.not.equal(false);
    const note = await a.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'Secret: check the oven schedule', internal: true });
    expect(note.ok).to.not.equal(false);
    const first = await a.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'Yes! A cake for 20 is fine.' });
    const second = await a.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'Which flavour would you like?' });

    // The second reply's mail quotes the first reply too, and the two may arrive in either order.
    const one = await smtp.waitFor((m) => m.to.includes('omar@example.test') && m.text.includes('A cake for 20 is fine') && !m.text.includes('Which flavour'));
    const two = await smtp.waitFor((m) => m.to.includes('omar@example.test') && m.text.includes('Which flavour'));
    const root = `<chat-${chat.id}@localhost>`;
    expect(one.subject).to.equal(`Re: Your message to ${client.name}`);
    expect(two.subject).to.equal(one.subject);
    expect(one.inReplyTo).to.equal(root);
    expect(two.inReplyTo).to.equal(root);
    expect(one.references).to.equal(root);
    expect(two.references).to.equal(root);
    expect(one.messageId).to.equal(`<chat-${chat.id}.reply-${first.id}@localhost>`);
    expect(two.messageId).to.equal(`<chat-${chat.id}.reply-${second.id}@localhost>`);
    expect(one.headers.get('from')).to.include('support@example.test');
    expect(one.text).to.include('Can I order a cake for 20?');
    expect(one.text).to.include(alex.pseudo_name);
    const toOmar = await smtp.settle((m) => m.to.includes('omar@example.test'));
    expect(toOmar).to.have.length(2);
    for (const m of toOmar) expect(m.text + m.html).to.not.include('Secret');
  });

  it('sends nothing to a visitor who is still in the chat (they read the reply live)', async () => {
    const { client, alex } = await site();
    await alex.update({ status: 'online' });
    const a = await agentSocket(alex.email);
    const v = await connectVisitor(server.baseUrl, client.widget_key);
    sockets.push(v.socket);
    const lead = { name: 'Live Lia', email: 'lia@example.test', phone: '+1 555 0102' };
    const { chat } = await v.socket.request({ type: 'chat.start', lead, message: 'Hello?', clientMsgId: newMsgId() });
    expect(chat.status).to.equal('waiting');
    await a.request({ type: 'chat.join', chatId: chat.id });
    await a.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'Hi Lia, how can I help?' });
    await v.socket.event('message.created', (e) => e.message.body === 'Hi Lia, how can I help?');
    expect(await smtp.settle((m) => m.to.includes('lia@example.test') || m.subject.includes('Live Lia'), 700)).to.have.length(0);
  });
});
