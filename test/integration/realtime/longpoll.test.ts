import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { installFixture, type Installed } from '../../helpers/install.js';
import { startTestServer } from '../../helpers/server.js';
import { factories } from '../../helpers/factories.js';
import { visitorSession } from '../../helpers/visitors.js';
import { manualClock } from '../../helpers/manualClock.js';

const ORIGIN = 'https://example.test';

/** The long-polling transport at the HTTP level: cursors, redelivery, bad frames, expiry. */
describeEachDialect('long polling', (dialect) => {
  let install: Installed;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let db: ReturnType<Installed['open']>;
  let widgetKey: string;

  before(async () => {
    install = await installFixture(dialect);
    db = install.open();
    const f = factories(db);
    const client = await f.client({ domains: ['example.test'] });
    await f.user('agent', { status: 'online' }, [client.id]);
    widgetKey = client.widget_key;
    server = await startTestServer(install);
  });
  after(async () => {
    await server.close();
    await db.close();
    await install.cleanup();
  });

  const call = async (path: string, body?: unknown) => {
    const res = await fetch(server.baseUrl + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json(), cors: res.headers.get('access-control-allow-origin') };
  };
  const open = async () => {
    const { token } = await visitorSession(server.baseUrl, widgetKey, ORIGIN);
    const res = await call('/api/widget/poll/open', { token });
    expect(res.status).to.equal(200);
    expect(res.cors).to.equal(ORIGIN);
    return res.body.pollId as string;
  };

  it('delivers replies by cursor and sends a lost response again until it is acknowledged', async () => {
    const id = await open();
    const first = await call(`/api/widget/poll/${id}?cursor=0`);
    expect(JSON.parse(first.body.frames[0]).type).to.equal('hello');
    const sent = await call(`/api/widget/poll/${id}/send`, { frames: [{ type: 'chat.start', ref: 'r1', lead: { name: 'Lea', email: 'lea@example.test', phone: '+1 555 0101' }, message: 'hi', clientMsgId: 'lp-1' }] });
    expect(sent.status).to.equal(202);
    const reply = await call(`/api/widget/poll/${id}?cursor=${first.body.cursor}`);
    const frames = reply.body.frames.map((t: string) => JSON.parse(t));
    expect(frames.some((f: { type: string; ref?: string; ok?: boolean }) => f.type === 'reply' && f.ref === 'r1' && f.ok)).to.equal(true);
    // The response above "got lost": polling again with the old cursor returns the same frames.
    const again = await call(`/api/widget/poll/${id}?cursor=${first.body.cursor}`);
    expect(again.body.frames).to.deep.equal(reply.body.frames);
    // Acknowledged, they are gone.
    const sendPing = call(`/api/widget/poll/${id}/send`, { frames: [{ type: 'subscribe', ref: 'r2', channel: 'monitoring' }] });
    const next = await call(`/api/widget/poll/${id}?cursor=${reply.body.cursor}`);
    await sendPing;
    expect(next.body.frames.map((t: string) => JSON.parse(t).ref)).to.not.include('r1');
    expect(await db.models.Message.count({ where: { client_msg_id: 'lp-1' } })).to.equal(1);
  });

  it('answers bad frames with an error frame and keeps the connection; refuses bad tokens and unknown connections', async () => {
    const id = await open();
    const hello = await call(`/api/widget/poll/${id}?cursor=0`);
    await call(`/api/widget/poll/${id}/send`, { frames: ['{nope', { type: 'message.send', ref: 'bad' }] });
    const res = await call(`/api/widget/poll/${id}?cursor=${hello.body.cursor}`);
    const frames = res.body.frames.map((t: string) => JSON.parse(t));
    expect(frames[0]).to.deep.include({ type: 'error' });
    expect(frames[1]).to.deep.include({ type: 'reply', ref: 'bad', ok: false });
    expect((await call('/api/widget/poll/open', { token: 'forged.token-value' })).status).to.equal(401);
    expect((await call('/api/widget/poll/AAAAAAAAAAAAAAAAAAAA?cursor=0')).status).to.equal(404);
    expect((await call(`/api/widget/poll/${id}/send`, { frames: [] })).status).to.equal(422);
  });

  it('ends a connection nobody polls any more, and answers an idle poll when its wait is over (on a moved clock)', async () => {
    const { createLongPoll } = await import('../../../lib/realtime/longPoll.js');
    const rt = server.realtime;
    const clock = manualClock();
    const lp = createLongPoll({ hub: rt.hub, dispatch: rt.dispatch, presence: rt.presence, onError: () => {}, clock }, { waitMs: 20_000, expireMs: 60_000 });
    try {
      const id = lp.open({ kind: 'visitor', visitorId: 1, clientId: 1 }, null);
      const hello = await lp.poll(id, 0);
      // Nothing queued: the poll waits out its 20 s on the clock, then answers empty with the same cursor.
      let answered: unknown = null;
      const idle = lp.poll(id, hello!.cursor).then((batch) => (answered = batch));
      await clock.advance(19_999);
      expect(answered, 'one ms before the wait ends, the poll still waits').to.equal(null);
      await clock.advance(1);
      expect(await idle).to.deep.equal({ frames: [], cursor: hello!.cursor });
      // Unpolled for the 60 s expiry (swept every 10 s): still there at 60 s, gone by the next sweep.
      await clock.advance(60_000);
      expect(lp.sessions.has(id), 'not polled for exactly expireMs: kept').to.equal(true);
      await clock.advance(10_000);
      expect(lp.sessions.has(id)).to.equal(false);
      expect(rt.hub.connections.has(id)).to.equal(false);
      expect(await lp.poll(id, 0)).to.equal(null);
    } finally {
      lp.close();
    }
  });
});
