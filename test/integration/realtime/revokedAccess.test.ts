import { expect } from 'chai';
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { installFixture, type Installed } from '../../helpers/install.js';
import { testEnv, requireMysqlInCi, dropRedisKeys, requireRedisInCi } from '../../helpers/env.js';
import { factories, TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn, ApiClient } from '../../helpers/http.js';
import { runCli, freePort } from '../../helpers/cli.js';
import { startNodes } from '../../helpers/cluster.js';
import { withServer } from '../../helpers/scene.js';
import { connectAgent, connectVisitor, visitorSession, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { agentClient, visitorClient, waitFor } from '../../helpers/sharedClient.js';
import type { RealtimeClient } from '../../../lib/realtime-client/index.js';
import type { Database } from '../../../lib/db/index.js';
import { quietFor } from '../../helpers/wait.js';

/** The bound: a revoked right is gone from open connections on every node within a second. */
const WITHIN_MS = 1000;
const ORIGIN = 'https://example.test';

/** Resolves with the close code and reason once the server has closed the socket; fails after `ms`. */
function closedWithin(socket: TestSocket, ms = WITHIN_MS): Promise<{ code: number; reason: string }> {
  if (socket.closed) return Promise.resolve(socket.closed);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the socket was still open ${ms} ms after the change`)), ms);
    socket.ws.once('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: String(reason) });
    });
  });
}

/** One node over SQLite (withServer) for the enclosing describe, and what to close after it. */
function sqliteNode(extra: Record<string, unknown>) {
  const scene = withServer('sqlite', { auth: { loginRateLimitPerMinute: 1000 }, ...extra });
  const closers: { close(): void }[] = [];
  after(() => closers.forEach((c) => c.close()));
  return Object.assign(scene, { closers });
}

/** The access_changed notice a narrowed connection gets, naming the channels it lost. */
const narrowed = (socket: TestSocket, ms = WITHIN_MS) => socket.next((f) => f.type === 'error' && f.error.code === 'access_changed', ms).then((f) => f.error.message as string);

interface Nodes {
  /** Where the change is made (HTTP). */
  nodeA: string;
  /** Where the sockets sit. */
  nodeB: string;
  install: Installed;
}

/**
 * One case per way access is revoked. The change is made over HTTP on node A while the sockets sit
 * on node B; each case asserts the effect within a second and that a further frame is refused.
 */
function revocationCases(nodes: () => Nodes) {
  let db: Database;
  let f: ReturnType<typeof factories>;
  let admin: ApiClient;
  const sockets: TestSocket[] = [];
  const A = () => nodes().nodeA;
  const B = () => nodes().nodeB;

  before(async () => {
    db = nodes().install.open();
    f = factories(db);
    const boss = await f.user('super_admin');
    admin = await signedIn(A(), boss.email, TEST_PASSWORD);
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await db?.close();
  });

  /** An agent's dashboard socket on node B, with the API client of its session. */
  async function agentOnB(user: { email: string }) {
    const api = await signedIn(B(), user.email, TEST_PASSWORD);
    const socket = await connectAgent(B(), api.cookie!);
    sockets.push(socket);
    return { api, socket };
  }

  /** A website with a chat holding an internal note. */
  async function siteWithNote() {
    const site = await f.client({ domains: ['example.test'] });
    const visitor = await f.visitor(site.id);
    const chat = await f.chat(site.id, visitor.id);
    await f.message(chat.id, { sender_type: 'agent', is_internal: true, body: 'internal: refund approved' });
    return { site, chat };
  }

  const noteIn = (reply: any, socket: TestSocket, chatId: number) =>
    socket.events.some((e) => e.name === 'message.created' && e.chatId === chatId && e.message.internal === true) && !reply.refused.includes(chatId);

  it('an agent disabled on node A loses their socket on node B at once, and cannot open another', async () => {
    const { site, chat } = await siteWithNote();
    const user = await f.user('agent', {}, [site.id]);
    const { api, socket } = await agentOnB(user);
    expect((await socket.request({ type: 'chat.join', chatId: chat.id })).ok).to.equal(true);
    expect((await socket.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'before' })).ok).to.equal(true);

    expect((await admin.patch(`/api/agents/${user.id}`, { isActive: false })).status).to.equal(200);
    const closed = await closedWithin(socket);
    expect(closed.code).to.equal(4401);
    expect(closed.reason).to.match(/sign in again/);
    let refused: unknown = null;
    await connectAgent(B(), api.cookie!).catch((err) => (refused = err));
    expect(String(refused)).to.match(/401/);
  });

  it('signing out on node A closes that session’s sockets on node B, and only that session’s', async () => {
    const { site, chat } = await siteWithNote();
    const user = await f.user('agent', {}, [site.id]);
    const first = await agentOnB(user);
    const second = await agentOnB(user);
    // The sign-out goes to node A, with the first session's cookie.
    const onA = Object.assign(new ApiClient(A()), { cookie: first.api.cookie, csrfToken: first.api.csrfToken });

    expect((await onA.post('/api/auth/logout')).status).to.equal(204);
    expect((await closedWithin(first.socket)).code).to.equal(4401);
    // The other session's socket keeps its rights: it still reads the chat, notes included.
    const reply = await second.socket.request({ type: 'sync', chats: { [chat.id]: 0 } });
    expect(reply.ok, JSON.stringify(reply)).to.equal(true);
    expect(noteIn(reply, second.socket, chat.id)).to.equal(true);
    expect(second.socket.closed).to.equal(null);
  });

  it('a password changed by its owner on node A closes their other sessions’ sockets on node B and keeps the current one', async () => {
    const { site } = await siteWithNote();
    const user = await f.user('agent', {}, [site.id]);
    const current = await agentOnB(user);
    const other = await agentOnB(user);
    const onA = await signedIn(A(), user.email, TEST_PASSWORD);
    const currentOnB = await connectAgent(B(), onA.cookie!);
    sockets.push(currentOnB);

    expect((await onA.put('/api/profile/password', { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' })).status).to.equal(204);
    const [c1, c2] = await Promise.all([closedWithin(current.socket), closedWithin(other.socket)]);
    expect([c1.code, c2.code]).to.deep.equal([4401, 4401]);
    // The socket of the session that changed the password stays, with its rights.
    expect((await currentOnB.request({ type: 'subscribe', channel: `visitors.${site.id}` })).ok).to.equal(true);
    expect(currentOnB.closed).to.equal(null);
  });

  it('a password reset by an admin on node A closes every socket of that agent on node B', async () => {
    const { site, chat } = await siteWithNote();
    const user = await f.user('agent', {}, [site.id]);
    const { socket } = await agentOnB(user);
    expect((await socket.request({ type: 'subscribe', channel: `chat.${chat.id}` })).ok).to.equal(true);

    expect((await admin.put(`/api/agents/${user.id}/password`, { password: 'reset by the admin 1' })).status).to.equal(204);
    expect((await closedWithin(socket)).code).to.equal(4401);
  });

  it('an agent unassigned from a website on node A loses that website’s channels and chats on node B, and keeps the others', async () => {
    const lost = await siteWithNote();
    const kept = await siteWithNote();
    const user = await f.user('agent', { status: 'online' }, [lost.site.id, kept.site.id]);
    const { socket } = await agentOnB(user);
    for (const channel of [`visitors.${lost.site.id}`, `visitors.${kept.site.id}`]) expect((await socket.request({ type: 'subscribe', channel })).ok).to.equal(true);
    for (const { chat } of [lost, kept]) {
      expect((await socket.request({ type: 'chat.join', chatId: chat.id })).ok).to.equal(true);
      // Sending fills the connection's remembered permission for the chat: it must not outlive the change.
      expect((await socket.request({ type: 'message.send', chatId: chat.id, clientMsgId: newMsgId(), body: 'hello' })).ok).to.equal(true);
    }
    const before = await socket.request({ type: 'sync', chats: { [lost.chat.id]: 0 } });
    expect(noteIn(before, socket, lost.chat.id)).to.equal(true);

    expect((await admin.delete(`/api/clients/${lost.site.id}/agents/${user.id}`)).status).to.equal(204);
    const notice = await narrowed(socket);
    expect(notice).to.contain(`visitors.${lost.site.id}`).and.to.contain(`chat.${lost.chat.id}`);
    expect(notice).not.to.contain(`visitors.${kept.site.id}`);

    const send = await socket.request({ type: 'message.send', chatId: lost.chat.id, clientMsgId: newMsgId(), body: 'after' });
    expect(send.ok).to.equal(false);
    expect(send.error.code).to.equal('not_found');
    const reread = await socket.request({ type: 'sync', chats: { [lost.chat.id]: 0, [kept.chat.id]: 0 } });
    expect(reread.refused).to.deep.equal([lost.chat.id]);
    expect((await socket.request({ type: 'subscribe', channel: `visitors.${lost.site.id}` })).error?.code).to.equal('forbidden_channel');
    expect((await socket.request({ type: 'chat.join', chatId: lost.chat.id })).error?.code).to.equal('not_found');
    // The other website goes on as before, and the lost one's new chats no longer reach the socket.
    expect((await socket.request({ type: 'message.send', chatId: kept.chat.id, clientMsgId: newMsgId(), body: 'still here' })).ok).to.equal(true);
    for (const site of [lost.site, kept.site]) {
      const { socket: visitor } = await connectVisitor(A(), site.widget_key, ORIGIN);
      sockets.push(visitor);
      expect((await visitor.request({ type: 'chat.start', message: 'hi', clientMsgId: newMsgId() })).ok).to.equal(true);
    }
    await socket.event('chat.created', (e) => e.clientId === kept.site.id);
    expect(socket.events.filter((e) => e.name === 'chat.created' && e.clientId === lost.site.id)).to.deep.equal([]);
    expect(socket.closed).to.equal(null);
  });

  it('a super admin demoted to agent on node A loses monitoring on node B', async () => {
    const { site, chat } = await siteWithNote();
    const demoted = await f.user('super_admin');
    const { socket } = await agentOnB(demoted);
    for (const channel of ['monitoring', `visitors.${site.id}`]) expect((await socket.request({ type: 'subscribe', channel })).ok).to.equal(true);

    expect((await admin.patch(`/api/agents/${demoted.id}`, { role: 'agent' })).status).to.equal(200);
    const notice = await narrowed(socket);
    expect(notice).to.contain('monitoring').and.to.contain(`visitors.${site.id}`);
    expect((await socket.request({ type: 'subscribe', channel: 'monitoring' })).error?.code).to.equal('forbidden_channel');
    expect((await socket.request({ type: 'chat.join', chatId: chat.id })).error?.code).to.equal('not_found');
    expect((await socket.request({ type: 'sync', chats: { [chat.id]: 0 } })).refused).to.deep.equal([chat.id]);
    expect(socket.closed).to.equal(null);
  });

  it('a website disabled on node A closes its visitors’ sockets and long polls on node B, and no other website’s', async () => {
    const { site } = await siteWithNote();
    const other = await siteWithNote();
    const { socket: visitor } = await connectVisitor(B(), site.widget_key, ORIGIN);
    const { socket: bystander } = await connectVisitor(B(), other.site.widget_key, ORIGIN);
    sockets.push(visitor, bystander);
    const started = await visitor.request({ type: 'chat.start', message: 'is anyone there?', clientMsgId: newMsgId() });
    expect(started.ok).to.equal(true);
    const poll = (path: string, body?: unknown) =>
      fetch(B() + path, { method: body ? 'POST' : 'GET', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const { token } = await visitorSession(B(), site.widget_key, ORIGIN);
    const { pollId } = await (await poll('/api/widget/poll/open', { token })).json();
    const first = await (await poll(`/api/widget/poll/${pollId}?cursor=0`)).json();
    const waiting = poll(`/api/widget/poll/${pollId}?cursor=${first.cursor}`);

    expect((await admin.delete(`/api/clients/${site.id}`)).status).to.equal(200);
    const closed = await closedWithin(visitor);
    expect(closed.code).to.equal(4403);
    expect(closed.reason).to.equal('website disabled');
    // The waiting poll ends at once, and the connection is gone for the next one and for sends.
    const ended = await Promise.race([waiting, new Promise<null>((r) => setTimeout(() => r(null), WITHIN_MS))]);
    expect(ended, 'the waiting poll did not end within a second').not.to.equal(null);
    expect((await poll(`/api/widget/poll/${pollId}?cursor=${first.cursor}`)).status).to.equal(404);
    expect((await poll(`/api/widget/poll/${pollId}/send`, { frames: [{ type: 'message.send', ref: 'r1', chatId: started.chat.id, clientMsgId: newMsgId(), body: 'x' }] })).status).to.equal(404);
    expect(bystander.closed).to.equal(null);
    expect((await bystander.request({ type: 'chat.start', message: 'hello', clientMsgId: newMsgId() })).ok).to.equal(true);
  });
}

describe('revoked access on open connections', function () {
  this.timeout(60_000);

  /**
   * Two `livechat start` processes on one MariaDB and one Redis (as in twoNodes.test.ts): the
   * change is made through node A, the sockets are on node B.
   */
  describe('two nodes over MariaDB and Redis', function () {
    this.timeout(120_000);
    let install: Installed;
    let keyPrefix: string;
    let urls: string[] = [];
    let stopNodes = async () => {};

    before(async function () {
      requireMysqlInCi();
      requireRedisInCi();
      if (!testEnv.mysqlUrl || !testEnv.redisUrl) {
        console.log('    (skipped: needs MariaDB and Redis: run them on their default ports or set LIVECHAT_TEST_MYSQL_URL and LIVECHAT_TEST_REDIS_URL)');
        this.skip();
      }
      keyPrefix = `lctest${crypto.randomBytes(4).toString('hex')}:`;
      install = await installFixture('mysql', { redis: { url: testEnv.redisUrl, keyPrefix }, auth: { loginRateLimitPerMinute: 1000 }, chat: { agentMessagesPerMinute: 1000, widgetRequestsPerMinute: 1000 } });
      ({ urls, stop: stopNodes } = await startNodes(install));
    });
    after(async () => {
      await stopNodes();
      if (keyPrefix) await dropRedisKeys(new Redis(testEnv.redisUrl!), keyPrefix);
      await install?.cleanup();
    });

    revocationCases(() => ({ nodeA: urls[0], nodeB: urls[1], install }));

    it('`livechat agent disable` and `livechat client disable` from the shell close the sockets on both nodes (over Redis)', async () => {
      const db = install.open();
      try {
        const f = factories(db);
        const site = await f.client({ domains: ['example.test'] });
        const user = await f.user('agent', {}, [site.id]);
        const agentSockets = [];
        for (const url of urls) agentSockets.push(await connectAgent(url, (await signedIn(url, user.email, TEST_PASSWORD)).cookie!));
        const visitorSockets = [];
        for (const url of urls) visitorSockets.push((await connectVisitor(url, site.widget_key, ORIGIN)).socket);

        const disabled = await runCli(['agent', 'disable', user.email], { dataDir: install.dataDir });
        expect(disabled.code, disabled.stderr).to.equal(0);
        for (const s of agentSockets) expect((await closedWithin(s)).code).to.equal(4401);

        const off = await runCli(['client', 'disable', String(site.id)], { dataDir: install.dataDir });
        expect(off.code, off.stderr).to.equal(0);
        for (const s of visitorSockets) expect((await closedWithin(s)).code).to.equal(4403);
      } finally {
        await db.close();
      }
    });
  });

  /** The same cases on one node with SQLite and the in-process bus (no Redis). */
  describe('one node over SQLite', () => {
    // The periodic re-check stays at its default (30 s), so these cases show the event doing it.
    const node = sqliteNode({ chat: { agentMessagesPerMinute: 1000, widgetRequestsPerMinute: 1000 } });
    revocationCases(() => ({ nodeA: node.server.baseUrl, nodeB: node.server.baseUrl, install: node.install }));
  });

  /** Belt and braces: what no event announced is found by the periodic re-check. */
  describe('the periodic re-check (one node over SQLite, chat.accessRecheckSeconds = 1)', () => {
    const PERIOD_MS = 1000;
    const node = sqliteNode({ chat: { accessRecheckSeconds: PERIOD_MS / 1000 } });

    const agentSocket = async (user: { email: string }) => {
      const api = await signedIn(node.server.baseUrl, user.email, TEST_PASSWORD);
      const socket = await connectAgent(node.server.baseUrl, api.cookie!);
      node.closers.push(socket);
      return socket;
    };

    it('closes or narrows sockets whose rights changed behind its back (a lost event, an expired session) within the period', async () => {
      const site = await node.f.client({ domains: ['example.test'] });
      const [disabled, expired, demoted] = [await node.f.user('agent', {}, [site.id]), await node.f.user('agent', {}, [site.id]), await node.f.user('manager')];
      const [s1, s2, s3] = [await agentSocket(disabled), await agentSocket(expired), await agentSocket(demoted)];
      expect((await s3.request({ type: 'subscribe', channel: 'monitoring' })).ok).to.equal(true);
      const { socket: visitor } = await connectVisitor(node.server.baseUrl, site.widget_key, ORIGIN);
      node.closers.push(visitor);

      // Straight in the database: no domain operation, so no access.changed event.
      await node.db.models.User.update({ is_active: false }, { where: { id: disabled.id } });
      await node.db.models.Session.update({ expires_at: new Date(Date.now() - 1000) }, { where: { user_id: expired.id } });
      await node.db.models.User.update({ role: 'agent' }, { where: { id: demoted.id } });
      await node.db.models.Client.update({ is_active: false }, { where: { id: site.id } });
      // A period, plus room for a loaded machine: the point is seconds, not "never" as before.
      const bound = PERIOD_MS * 2;
      expect((await closedWithin(s1, bound)).code).to.equal(4401);
      expect((await closedWithin(s2, bound)).code).to.equal(4401);
      expect(await narrowed(s3, bound)).to.contain('monitoring');
      expect((await closedWithin(visitor, bound)).code).to.equal(4403);
      expect(s3.closed).to.equal(null);
    });

    it('`livechat agent disable` with Redis unreachable still disables, warns, and the re-check closes the socket', async () => {
      const site = await node.f.client({ domains: ['example.test'] });
      const user = await node.f.user('agent', {}, [site.id]);
      const socket = await agentSocket(user);
      const deadRedis = `redis://127.0.0.1:${await freePort()}`;

      const result = await runCli(['agent', 'disable', user.email], { dataDir: node.install.dataDir, env: { LIVECHAT_REDIS_URL: deadRedis } });
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.contain(`Disabled ${user.email}`);
      expect(result.stderr).to.match(/Could not tell the running servers over Redis .*chat\.accessRecheckSeconds \(1 s\)/);
      expect((await node.db.models.User.findByPk(user.id))!.is_active).to.equal(false);
      expect((await closedWithin(socket, PERIOD_MS * 2)).code).to.equal(4401);
    });
  });

  /** The shared client (dashboard and widget) stops for good instead of knocking forever. */
  describe('the shared realtime client, once its access ended (one node over SQLite)', () => {
    const node = sqliteNode({});

    const connectionsOf = (match: (identity: any) => boolean) => [...node.server.realtime.hub.connections.values()].filter((c) => match(c.identity)).length;

    it('an agent signed out elsewhere: the client closes (4401), does not reconnect, and fails requests at once', async () => {
      const site = await node.f.client({ domains: ['example.test'] });
      const user = await node.f.user('agent', {}, [site.id]);
      const api = await signedIn(node.server.baseUrl, user.email, TEST_PASSWORD);
      const client = agentClient(node.server.baseUrl, api.cookie!);
      node.closers.push(client);
      client.connect();
      await waitFor(() => client.state === 'open', 5000, 'the agent client to open');

      expect((await api.post('/api/auth/logout')).status).to.equal(204);
      await waitFor(() => client.state === 'closed', WITHIN_MS, 'the agent client to close');
      expect(client.endedBy).to.equal(4401);
      await quietFor(300); // several reconnect delays (20-200 ms) would have passed
      expect(client.state).to.equal('closed');
      expect(connectionsOf((i) => i.kind === 'agent' && i.userId === user.id)).to.equal(0);
      const reply = await client.request({ type: 'subscribe', channel: `visitors.${site.id}` });
      expect(reply.ok).to.equal(false);
      expect((reply as any).error.code).to.equal('access_ended');
    });

    it('a visitor on long polling whose website is disabled: the client closes (4403) and stops polling', async () => {
      const site = await node.f.client({ domains: ['example.test'] });
      const boss = await node.f.user('super_admin');
      const admin = await signedIn(node.server.baseUrl, boss.email, TEST_PASSWORD);
      const { client, session } = await visitorClient(node.server.baseUrl, site.widget_key, { blockWebSocket: true });
      node.closers.push(client);
      client.connect();
      await waitFor(() => client.state === 'polling', 5000, 'the visitor client to poll');

      expect((await admin.delete(`/api/clients/${site.id}`)).status).to.equal(200);
      await waitFor(() => client.state === 'closed', WITHIN_MS + 500, 'the visitor client to close');
      expect(client.endedBy).to.equal(4403);
      await quietFor(300); // as above: no reconnect
      expect(client.state).to.equal('closed');
      expect(connectionsOf((i) => i.kind === 'visitor' && i.visitorId === session.visitorId)).to.equal(0);
    });
  });
});
