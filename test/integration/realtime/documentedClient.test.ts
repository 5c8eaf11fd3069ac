import { expect } from 'chai';
import crypto from 'node:crypto';
import WebSocket from 'ws';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';

/**
 * A client written only from docs/protocol.md: plain fetch and a plain WebSocket, none of the
 * project's client code. Each step is a sentence of the doc; if the server changes one, this fails.
 */
class DocClient {
  frames: any[] = [];
  private constructor(readonly ws: WebSocket) {}

  /** "attach the message handler before the socket's open event, or the hello is lost" */
  static open(url: string, headers: Record<string, string>): Promise<DocClient> {
    const client = new DocClient(new WebSocket(url, { headers }));
    client.ws.on('message', (data) => client.frames.push(JSON.parse(String(data))));
    return new Promise((resolve, reject) => {
      client.ws.once('open', () => resolve(client));
      client.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
  }

  async until<T = any>(match: (f: any) => boolean, timeoutMs = 5000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      if (Date.now() - started > timeoutMs) throw new Error(`no such frame; got ${JSON.stringify(this.frames.slice(-3))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  request(frame: Record<string, unknown>) {
    const ref = crypto.randomUUID();
    this.ws.send(JSON.stringify({ ...frame, ref }));
    return this.until((f) => f.type === 'reply' && f.ref === ref);
  }

  messages(chatId: number) {
    return this.frames.filter((f) => f.type === 'event' && f.event.name === 'message.created' && f.event.chatId === chatId).map((f) => f.event.message);
  }
}

describe('a client written from docs/protocol.md alone', () => {
  const scene = withServer('sqlite');
  const open: DocClient[] = [];
  after(() => open.forEach((c) => c.ws.close()));

  it('signs in, connects, chats, and finds the chat again after a reconnect as the doc says', async () => {
    const site = await scene.f.client({ domains: ['shop.test'] });
    const agentUser = await scene.f.user('agent', { status: 'online' }, [site.id]);
    const base = scene.server.baseUrl;
    const wsBase = base.replace('http', 'ws');

    // "POST /api/auth/login with JSON {email, password}. The answer is {user, csrfToken} and a cookie lc_session"
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: agentUser.email, password: TEST_PASSWORD }) });
    expect(login.status).to.equal(200);
    expect(await login.json()).to.have.keys('user', 'csrfToken');
    const setCookie = login.headers.get('set-cookie')!;
    expect(setCookie).to.match(/^lc_session=[^;]+;.*httponly/i);
    const cookie = setCookie.split(';')[0];

    // "Agents send their lc_session cookie" (no Origin: not a browser, accepted on its credentials)
    const agent = await DocClient.open(`${wsBase}/ws`, { cookie });
    open.push(agent);
    // "the first frame is {type:"hello", connectionId, role, userId|visitorId, serverTime}"
    const hello = await agent.until((f) => f.type === 'hello');
    expect(hello).to.include({ role: 'agent', userId: agentUser.id });
    expect(agent.frames[0].type).to.equal('hello');

    // "POST /api/widget/session ... answers only to pages on the website's configured domains"
    const session = async (visitorKey?: string) => {
      const res = await fetch(`${base}/api/widget/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://shop.test' }, body: JSON.stringify({ widgetKey: site.widget_key, visitorKey }) });
      expect(res.status).to.equal(200);
      return res.json();
    };
    const first = await session();
    expect(first.openChat).to.equal(null);
    const visitor = await DocClient.open(`${wsBase}/ws?token=${encodeURIComponent(first.token)}`, { origin: 'https://shop.test' });
    open.push(visitor);
    expect(await visitor.until((f) => f.type === 'hello')).to.include({ role: 'visitor', visitorId: first.visitorId });

    // "chat.start ... the socket then follows chat.{id}"; "chat.join ... after a join the socket follows chat.{id}"
    const started = await visitor.request({ type: 'chat.start', message: 'Do you ship abroad?', clientMsgId: crypto.randomUUID(), lead: { name: 'Ana', email: 'ana@shop.test', phone: '+1 555 0100' } });
    const chatId = started.chat.id;
    expect((await agent.request({ type: 'chat.join', chatId })).ok).to.equal(true);
    const clientMsgId = crypto.randomUUID();
    const ack = await agent.request({ type: 'message.send', chatId, clientMsgId, body: 'We do.' });
    expect(ack).to.include({ ok: true, chatId, clientMsgId, duplicate: false });
    // "Events arrive as {type:"event", channel, event}. event.name says what happened"
    const event = await visitor.until((f) => f.type === 'event' && f.event.name === 'message.created' && f.event.message.body === 'We do.');
    expect(event.channel).to.equal(`chat.${chatId}`);
    expect(event.event.message).to.include({ chatId, seq: ack.seq, clientMsgId, senderType: 'agent', type: 'text', internal: false });
    // "A resend with the same clientMsgId ... gets the first message's {id, seq} with duplicate:true"
    expect(await agent.request({ type: 'message.send', chatId, clientMsgId, body: 'We do.' })).to.include({ ok: true, id: ack.id, seq: ack.seq, duplicate: true });

    // The visitor goes away; the agent writes on.
    visitor.ws.close();
    await agent.request({ type: 'message.send', chatId, clientMsgId: crypto.randomUUID(), body: 'Anything else?' });

    // "This is how a visitor finds its chat again": the session call with the kept visitorKey gives openChat.
    const again = await session(first.visitorKey);
    expect(again.openChat.id).to.equal(chatId);
    const back = await DocClient.open(`${wsBase}/ws?token=${encodeURIComponent(again.token)}`, { origin: 'https://shop.test' });
    open.push(back);
    await back.until((f) => f.type === 'hello');
    // "subscribe again ... Send sync with the last seq you hold" -> events first, then the reply.
    expect((await back.request({ type: 'subscribe', channel: `chat.${chatId}` })).ok).to.equal(true);
    const reply = await back.request({ type: 'sync', chats: { [chatId]: ack.seq } });
    expect(reply).to.deep.include({ ok: true, refused: [], more: [] });
    expect(back.messages(chatId).map((m) => m.body)).to.deep.equal(['Anything else?']);
    expect(reply.chats[chatId]).to.equal(back.messages(chatId).at(-1).seq);
    expect(back.frames.indexOf(reply)).to.be.greaterThan(back.frames.findIndex((f) => f.type === 'event' && f.event.name === 'message.created'));
  });
});
