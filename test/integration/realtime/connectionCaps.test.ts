import { expect } from 'chai';
import WebSocket from 'ws';
import type { Installed } from '../../helpers/install.js';
import { withServer, type Scene } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { connectAgent, visitorSession } from '../../helpers/visitors.js';
import { TestSocket } from '../../helpers/rtclient.js';
import { loadConfig, ConfigError } from '../../../lib/config/load.js';
import { tmpDataDir } from '../../helpers/tmp.js';
import { letTimePass, waitFor } from '../../helpers/wait.js';

const ORIGIN = 'https://example.test';
const PER_VISITOR = 3;
const PER_ADDRESS = 5;

/**
 * A visitor token (free to get) holds at most chat.maxConnectionsPerVisitor connections, and one
 * address at most chat.maxConnectionsPerAddress, WebSockets and long-poll sessions counted
 * together. Over the cap the upgrade is refused with 429 and a reason, the poll open answers 429
 * with Retry-After; a connection that ends frees its slot. The caps live in memory, per node: one
 * dialect is enough here.
 */
describe('connection caps per visitor and per address', () => {
  let install: Installed;
  let server: Scene['server'];
  let widgetKey: string;
  let agentEmail: string;
  const sockets: TestSocket[] = [];

  const scene = withServer('sqlite', { chat: { maxConnectionsPerVisitor: PER_VISITOR, maxConnectionsPerAddress: PER_ADDRESS } });
  before(async () => {
    ({ install, server } = scene);
    const { f } = scene;
    const client = await f.client({ domains: ['example.test'] });
    widgetKey = client.widget_key;
    agentEmail = (await f.user('agent', { status: 'online' }, [client.id])).email;
  });
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.close());
    for (const s of [...server.realtime.longPoll.sessions.values()]) s.conn.close(1000, 'test over');
    // Every slot is free again before the next case (the server sees socket closes a moment later).
    await until(() => (server.realtime.deps.connectionCaps?.counts().addresses.size ?? 0) === 0);
  });

  const wsUrl = (token: string) => `${server.baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`;
  const socket = async (token: string) => {
    const s = await TestSocket.connect(wsUrl(token), { origin: ORIGIN });
    sockets.push(s);
    return s;
  };
  /** An upgrade that is expected to be refused: its status and body. */
  const refusedUpgrade = (token: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const ws = new WebSocket(wsUrl(token), { headers: { origin: ORIGIN } });
      ws.once('open', () => reject(new Error('the upgrade was accepted')));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.once('error', () => {});
    });
  const pollOpen = async (token: string) => {
    const res = await fetch(`${server.baseUrl}/api/widget/poll/open`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
  };
  const token = async () => (await visitorSession(server.baseUrl, widgetKey, ORIGIN)).token;

  it('refuses a visitor WebSocket over the per-visitor cap with 429 and the reason, and takes one again once a socket closes', async () => {
    const t = await token();
    const open: TestSocket[] = [];
    for (let i = 0; i < PER_VISITOR; i++) open.push(await socket(t));
    const refused = await refusedUpgrade(t);
    expect(refused.status).to.equal(429);
    expect(refused.body).to.match(/too many connections for this visitor \(at most 3 at once\)/);

    open[0].close();
    await until(() => server.realtime.deps.connectionCaps.counts().visitors.get(open[1].hello.visitorId) === PER_VISITOR - 1);
    const again = await socket(t);
    expect(again.hello.type).to.equal('hello');
  });

  it('counts long-poll sessions with sockets: over the cap the poll open answers 429 with Retry-After, and a session that ends frees its slot', async () => {
    const t = await token();
    await socket(t);
    const first = await pollOpen(t);
    const second = await pollOpen(t);
    expect([first.status, second.status]).to.deep.equal([200, 200]);
    const over = await pollOpen(t);
    expect(over.status).to.equal(429);
    expect(over.retryAfter).to.equal('30');
    expect(over.body.error.code).to.equal('too_many_connections');
    expect(over.body.error.message).to.match(/too many connections for this visitor/);
    expect((await refusedUpgrade(t)).status, 'a socket is refused too').to.equal(429);

    // The server ends one session (expiry, or access revoked): its slot is free again.
    server.realtime.longPoll.sessions.get(first.body.pollId)!.conn.close(1000, 'ended by the server');
    expect((await pollOpen(t)).status).to.equal(200);
  });

  it('caps all visitors of one address together, and leaves agents dashboard sockets out of the count', async () => {
    for (let i = 0; i < PER_ADDRESS; i++) {
      const t = await token();
      if (i % 2) await socket(t);
      else expect((await pollOpen(t)).status).to.equal(200);
    }
    const t = await token();
    const refused = await refusedUpgrade(t);
    expect(refused.status).to.equal(429);
    expect(refused.body).to.match(/too many connections from this address \(at most 5 at once\)/);
    const poll = await pollOpen(t);
    expect(poll.status).to.equal(429);
    expect(poll.body.error.message).to.match(/from this address/);

    const api = await signedIn(server.baseUrl, agentEmail, TEST_PASSWORD);
    const agent = await connectAgent(server.baseUrl, api.cookie!);
    sockets.push(agent);
    expect(agent.hello.role).to.equal('agent');
  });

  it('frees the slot of a client that leaves during or right after the handshake', async () => {
    const t = await token();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const ws = new WebSocket(wsUrl(t), { headers: { origin: ORIGIN } });
        ws.on('error', () => {});
        return new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          setTimeout(() => ws.terminate(), i % 7);
        });
      }),
    );
    // The server may still be authenticating upgrades whose client is gone: let them finish.
    await letTimePass(500); // nothing to watch from outside: an upgrade in flight is not counted yet
    await until(() => server.realtime.deps.connectionCaps.counts().visitors.size === 0);
    for (let i = 0; i < PER_VISITOR; i++) await socket(t);
  });

  it('refuses a configuration with a cap below 1, saying which key', () => {
    const dataDir = tmpDataDir();
    expect(() => loadConfig({ flags: { dataDir, chat: { maxConnectionsPerVisitor: 0 } }, env: {} }))
      .to.throw(ConfigError)
      .with.property('message')
      .that.matches(/chat\.maxConnectionsPerVisitor/);
  });
});

const until = (done: () => boolean, timeoutMs = 5000) => waitFor('the condition', done, timeoutMs);
