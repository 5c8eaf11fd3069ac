import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { withServer } from '../../helpers/scene.js';
import { signedIn } from '../../helpers/http.js';
import { connectAgent, connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { DEFAULT_WIDGET_SETTINGS } from '../../../lib/domain/schemas.js';
import type { WidgetSessionDTO } from '../../../lib/protocol/widget.js';

/** The widget settings in a session answer (the helper types only what most tests read). */
const settingsOf = (session: object) => (session as WidgetSessionDTO).settings;

const lead = { name: 'Vera', email: 'vera@example.test', phone: '+1 555 0100' };

describeEachDialect('chat lifecycle', (dialect) => {
  const sockets: TestSocket[] = [];

  const scene = withServer(dialect, { chat: { reopenWindowMinutes: 30, visitorMessagesPerMinute: 1, visitorMessageBurst: 5 } });
  after(() => sockets.forEach((s) => s.close()));

  async function site(opts: { online?: boolean } = {}) {
    const client = await scene.f.client({ domains: ['example.test'] });
    const alex = await scene.f.user('agent', { pseudo_name: `Alex${client.id}`, status: opts.online === false ? 'offline' : 'online' }, [client.id]);
    const sam = await scene.f.user('agent', { pseudo_name: `Sam${client.id}`, status: 'online' }, [client.id]);
    if (opts.online === false) await sam.update({ status: 'offline' });
    return { client, alex, sam };
  }
  async function agentSocket(email: string) {
    const api = await signedIn(scene.server.baseUrl, email, TEST_PASSWORD);
    const s = await connectAgent(scene.server.baseUrl, api.cookie!);
    sockets.push(s);
    return s;
  }
  async function visitor(widgetKey: string, visitorKey?: string) {
    const v = await connectVisitor(scene.server.baseUrl, widgetKey, 'https://example.test', visitorKey);
    sockets.push(v.socket);
    return v;
  }

  it('with no agent online, a chat is an offline message stored for later', async () => {
    const { client } = await site({ online: false });
    const { socket, session } = await visitor(client.widget_key);
    expect(session.agentsOnline).to.equal(false);
    const started = await socket.request({ type: 'chat.start', lead, message: 'Please call me back', clientMsgId: newMsgId() });
    expect(started.chat.status).to.equal('offline');
    const stored = await scene.db.models.Message.findAll({ where: { chat_id: started.chat.id } });
    expect(stored.map((m) => m.body)).to.include('Please call me back');
  });

  it('with no agent online, a repeated chat.start returns the open offline chat: one chat, its messages in it, and the agents notified once', async () => {
    const { client, alex } = await site({ online: false });
    const { socket, session } = await visitor(client.widget_key);
    const first = await socket.request({ type: 'chat.start', lead, message: 'Anyone there?', clientMsgId: newMsgId() });
    expect(first.chat.status).to.equal('offline');
    const again = await socket.request({ type: 'chat.start', message: 'Hello again', clientMsgId: newMsgId() });
    const third = await socket.request({ type: 'chat.start' });
    expect(again.ok, JSON.stringify(again)).to.equal(true);
    expect([again.chat.id, third.chat.id]).to.deep.equal([first.chat.id, first.chat.id]);
    expect(await scene.db.models.Chat.count({ where: { visitor_id: session.visitorId } })).to.equal(1);
    const bodies = (await scene.db.models.Message.findAll({ where: { chat_id: first.chat.id }, order: [['seq', 'ASC']] })).map((m) => m.body);
    expect(bodies).to.deep.equal(['Anyone there?', 'Hello again']);
    const notes = await scene.db.models.Notification.findAll({ where: { user_id: alex.id, type: 'offline_message' } });
    expect(notes.map((n) => (n.data as { chatId: number }).chatId)).to.deep.equal([first.chat.id]);
  });

  it('refuses a lead form with bad fields, listing them, and stores nothing', async () => {
    const { client } = await site();
    const { socket, session } = await visitor(client.widget_key);
    const res = await socket.request({ type: 'chat.start', lead: { name: '', email: 'nope', phone: 'x' } });
    expect(res.ok).to.equal(false);
    expect(res.error.code).to.equal('bad_frame');
    expect(res.error.message).to.match(/email/).and.to.match(/phone/);
    expect(await scene.db.models.Chat.count({ where: { visitor_id: session.visitorId } })).to.equal(0);
  });

  it('asks only for the lead fields the website requires: phone optional by default, required where the website says so (checked by the server)', async () => {
    const { client } = await site();
    const first = await visitor(client.widget_key);
    expect(settingsOf(first.session).leadRequired).to.deep.equal({ name: true, email: true, phone: false });
    const noPhone = await first.socket.request({ type: 'chat.start', lead: { name: 'Nell', email: 'nell@example.test', phone: '' }, message: 'Hi', clientMsgId: newMsgId() });
    expect(noPhone.ok, JSON.stringify(noPhone)).to.equal(true);
    const stored = await scene.db.models.Visitor.findByPk(first.session.visitorId);
    expect([stored!.name, stored!.email, stored!.phone]).to.deep.equal(['Nell', 'nell@example.test', null]);

    const strict = await scene.f.client({ domains: ['example.test'], widget_settings: { ...DEFAULT_WIDGET_SETTINGS, leadRequired: { name: false, email: false, phone: true } } });
    await scene.f.user('agent', { status: 'online' }, [strict.id]);
    const second = await visitor(strict.widget_key);
    expect(settingsOf(second.session).leadRequired).to.deep.equal({ name: false, email: false, phone: true });
    const refused = await second.socket.request({ type: 'chat.start', lead: { name: 'Pim', email: 'pim@example.test' }, message: 'Hi', clientMsgId: newMsgId() });
    expect(refused.ok).to.equal(false);
    expect(refused.error.code).to.equal('invalid_input');
    expect(refused.error.message).to.equal('This website needs your phone before a chat starts: fill in that field and try again.');
    expect(await scene.db.models.Chat.count({ where: { visitor_id: second.session.visitorId } }), 'nothing stored').to.equal(0);
    expect((await scene.db.models.Visitor.findByPk(second.session.visitorId))!.name, 'the visitor is left as it was').to.equal(null);
    const phoneOnly = await second.socket.request({ type: 'chat.start', lead: { phone: '+1 555 0177' }, message: 'Hi', clientMsgId: newMsgId() });
    expect(phoneOnly.ok, JSON.stringify(phoneOnly)).to.equal(true);
  });

  it('transfers with a reason: logged, target notified, visitor told, leave takes the first agent out', async () => {
    const { client, alex, sam } = await site();
    const a = await agentSocket(alex.email);
    const b = await agentSocket(sam.email);
    const { socket: v } = await visitor(client.widget_key);
    const { chat } = await v.request({ type: 'chat.start', lead, message: 'Hi', clientMsgId: newMsgId() });
    await a.request({ type: 'chat.join', chatId: chat.id });
    const done = await a.request({ type: 'chat.transfer', chatId: chat.id, toAgentId: sam.id, reason: 'billing question', mode: 'leave' });
    expect(done.ok, JSON.stringify(done)).to.equal(true);
    const note = await b.event('notification', (e) => e.notification.type === 'chat_transfer');
    expect(note.notification.data).to.include({ chatId: chat.id, reason: 'billing question' });
    const told = await v.event('message.created', (e) => e.message.type === 'system' && e.message.body === `You've been transferred to ${sam.pseudo_name}`);
    expect(told.chatId).to.equal(chat.id);
    const log = await scene.db.models.ChatTransfer.findAll({ where: { chat_id: chat.id } });
    expect(log).to.have.length(1);
    expect(log[0]).to.include({ from_agent_id: alex.id, to_agent_id: sam.id, mode: 'leave', reason: 'billing question' });
    const participants = await scene.db.models.ChatParticipant.findAll({ where: { chat_id: chat.id, left_at: null } });
    expect(participants.map((p) => p.user_id)).to.deep.equal([sam.id]);
    const refused = await a.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'still here?' });
    expect(refused.error.code).to.equal('not_participant');
    const toOutsider = await b.request({ type: 'chat.transfer', chatId: chat.id, toAgentId: (await scene.f.user('agent')).id, mode: 'stay' });
    expect(toOutsider.ok).to.equal(false);
  });

  it('transfer and stay keeps both agents in the chat', async () => {
    const { client, alex, sam } = await site();
    const a = await agentSocket(alex.email);
    const { socket: v } = await visitor(client.widget_key);
    const { chat } = await v.request({ type: 'chat.start', lead });
    await a.request({ type: 'chat.join', chatId: chat.id });
    expect((await a.request({ type: 'chat.transfer', chatId: chat.id, toAgentId: sam.id, mode: 'stay' })).ok).to.equal(true);
    const open = await scene.db.models.ChatParticipant.findAll({ where: { chat_id: chat.id, left_at: null } });
    expect(open.map((p) => p.user_id).sort()).to.deep.equal([alex.id, sam.id].sort());
  });

  it('closing ends the chat for everyone; a visitor returning within the window continues it, later ones start a linked chat', async () => {
    const { client, alex } = await site();
    const a = await agentSocket(alex.email);
    const first = await visitor(client.widget_key);
    const { chat } = await first.socket.request({ type: 'chat.start', lead, message: 'Hi', clientMsgId: newMsgId() });
    await a.request({ type: 'chat.join', chatId: chat.id });
    const closed = await a.request({ type: 'chat.close', chatId: chat.id });
    expect(closed.chat.status).to.equal('closed');
    expect(closed.chat.endedBy).to.equal('agent');
    await first.socket.event('chat.closed', (e) => e.chatId === chat.id);
    const late = await first.socket.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'one more thing' });
    expect(late.error.code).to.equal('chat_closed');
    // A resend of a message stored before the close (its ack was lost) still gets its ack.
    const stored = await scene.db.models.Message.findOne({ where: { chat_id: chat.id, sender_type: 'visitor' } });
    const resend = await first.socket.request({ type: 'message.send', chatId: chat.id, clientMsgId: stored!.client_msg_id, body: 'Hi' });
    expect(resend).to.include({ ok: true, id: stored!.id, seq: stored!.seq, duplicate: true });

    const back = await first.socket.request({ type: 'chat.start', message: 'I am back', clientMsgId: newMsgId() });
    expect(back.chat.id).to.equal(chat.id);
    expect(back.chat.status).to.equal('waiting');

    await first.socket.request({ type: 'chat.close', chatId: chat.id });
    await scene.db.models.Chat.update({ ended_at: new Date(Date.now() - 31 * 60_000) }, { where: { id: chat.id } });
    const fresh = await first.socket.request({ type: 'chat.start', message: 'New question', clientMsgId: newMsgId() });
    expect(fresh.chat.id).to.not.equal(chat.id);
    expect(fresh.chat.previousChatId).to.equal(chat.id);
    expect((await scene.db.models.Chat.findByPk(chat.id))!.ended_by).to.equal('visitor');
  });

  it('a returning visitor (same key) is recognised and gets the history through sync', async () => {
    const { client } = await site();
    const first = await visitor(client.widget_key);
    const { chat } = await first.socket.request({ type: 'chat.start', lead, message: 'Remember me', clientMsgId: newMsgId() });
    first.socket.close();
    const again = await visitor(client.widget_key, first.session.visitorKey);
    expect(again.session.visitorId).to.equal(first.session.visitorId);
    expect(again.session.openChat.id).to.equal(chat.id);
    expect((await again.socket.request({ type: 'subscribe', channel: `chat.${chat.id}` })).ok).to.equal(true);
    await again.socket.request({ type: 'sync', chats: { [chat.id]: 0 } });
    const history = again.socket.events.filter((e) => e.name === 'message.created').map((e) => e.message.body);
    expect(history).to.include('Remember me');
  });

  it('keeps visitors and agents out of what is not theirs', async () => {
    const { client, alex } = await site();
    const other = await site();
    const mine = await visitor(client.widget_key);
    const theirs = await visitor(client.widget_key);
    const { chat } = await theirs.socket.request({ type: 'chat.start', lead, message: 'private', clientMsgId: newMsgId() });
    const peek = await mine.socket.request({ type: 'subscribe', channel: `chat.${chat.id}` });
    expect(peek.error.code).to.equal('forbidden_channel');
    expect((await mine.socket.request({ type: 'subscribe', channel: `visitors.${client.id}` })).ok).to.equal(false);
    const write = await mine.socket.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'hijack' });
    expect(write.error.code).to.equal('not_found');
    const sync = await mine.socket.request({ type: 'sync', chats: { [chat.id]: 0 } });
    expect(sync.refused).to.deep.equal([chat.id]);
    expect(mine.socket.events.filter((e) => e.name === 'message.created')).to.have.length(0);

    const outsider = await agentSocket(other.alex.email);
    expect((await outsider.request({ type: 'chat.join', chatId: chat.id })).error.code).to.equal('not_found');
    const manager = await scene.f.user('manager');
    const m = await agentSocket(manager.email);
    expect((await m.request({ type: 'subscribe', channel: `visitors.${client.id}` })).ok).to.equal(true);
    expect((await m.request({ type: 'chat.join', chatId: chat.id })).error.code).to.equal('forbidden');
    expect(alex.id).to.be.a('number');
  });

  it('rate-limits a visitor with an error saying when to retry, never a silent drop', async () => {
    const { client } = await site();
    const { socket } = await visitor(client.widget_key);
    const { chat } = await socket.request({ type: 'chat.start', lead });
    const replies = [];
    for (let i = 0; i < 7; i++) replies.push(await socket.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: `m${i}` }));
    const limited = replies.filter((r) => !r.ok);
    expect(replies.filter((r) => r.ok)).to.have.length(5);
    expect(limited).to.have.length(2);
    expect(limited[0].error.code).to.equal('rate_limited');
    expect(limited[0].error.retryAfterMs).to.be.greaterThan(0);
    expect(await scene.db.models.Message.count({ where: { chat_id: chat.id, sender_type: 'visitor' } })).to.equal(5);
  });

  it('relays typing (the visitor draft to agents only) and read receipts', async () => {
    const { client, alex } = await site();
    const a = await agentSocket(alex.email);
    await a.request({ type: 'subscribe', channel: `visitors.${client.id}` });
    const { socket: v } = await visitor(client.widget_key);
    const { chat } = await v.request({ type: 'chat.start', lead });
    await a.request({ type: 'chat.join', chatId: chat.id });
    v.send({ type: 'typing', chatId: chat.id, isTyping: true, draft: 'I would like to ord' });
    const typing = await a.event('typing', (e) => e.from === 'visitor');
    expect(typing.draft).to.equal('I would like to ord');
    a.send({ type: 'typing', chatId: chat.id, isTyping: true, draft: 'secret agent draft' });
    const agentTyping = await v.event('typing', (e) => e.from === 'agent');
    expect(agentTyping.draft).to.equal(null);
    expect(agentTyping.agent.pseudoName).to.equal(alex.pseudo_name);

    const sent = await a.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'Hello!' });
    await v.event('message.created', (e) => e.message.id === sent.id);
    expect((await v.request({ type: 'read', chatId: chat.id, seq: sent.seq })).ok).to.equal(true);
    const receipt = await a.event('read', (e) => e.reader === 'visitor' && e.chatId === chat.id);
    expect(receipt.seq).to.equal(sent.seq);
    expect((await scene.db.models.Message.findByPk(sent.id))!.is_read).to.equal(true);
  });
});
