import { expect } from 'chai';
import { Op } from 'sequelize';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { connectVisitor, newMsgId } from '../../helpers/visitors.js';
import type { TestSocket } from '../../helpers/rtclient.js';
import { waitForValue } from '../../helpers/wait.js';

const ORIGIN = 'https://example.test';

describeEachDialect('text and URLs from clients', (dialect) => {
  const scene = withServer(dialect);
  const sockets: TestSocket[] = [];
  after(() => sockets.forEach((s) => s.close()));

  async function visitor() {
    const client = await scene.f.client({ domains: ['example.test'] });
    await scene.f.user('agent', { status: 'online' }, [client.id]);
    const v = await connectVisitor(scene.server.baseUrl, client.widget_key, ORIGIN);
    sockets.push(v.socket);
    return v;
  }
  const pageViews = async (visitorId: number) => {
    const sessions = await scene.db.models.VisitorSession.findAll({ where: { visitor_id: visitorId }, attributes: ['id'] });
    return (await scene.db.models.PageVisit.findAll({ where: { visitor_session_id: { [Op.in]: sessions.map((s) => s.id) } }, order: [['id', 'ASC']] })).map((p) => [p.page_url, p.page_title]);
  };

  it('refuses NUL and other control characters in message bodies and names, storing nothing; CR LF is stored as LF, tabs kept', async () => {
    const { socket } = await visitor();
    const badLead = await socket.request({ type: 'chat.start', lead: { name: 'Eve\u0000', email: 'eve@example.test', phone: '+1 555 0100' }, message: 'Hi' });
    expect(badLead.ok).to.equal(false);
    expect(badLead.error.message).to.match(/name: must not contain control characters/);
    const badFirst = await socket.request({ type: 'chat.start', message: 'Hi\u0000there', clientMsgId: newMsgId() });
    expect(badFirst.ok).to.equal(false);
    expect(badFirst.error.message).to.match(/message: must not contain control characters/);

    const started = await socket.request({ type: 'chat.start', message: 'Hello', clientMsgId: newMsgId() });
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    const chatId = started.chat.id;
    for (const body of ['nul \u0000 inside', 'escape \u001b[31m red', 'bell \u0007', 'c1 \u0085 next line', 'del \u007f']) {
      const refused = await socket.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body });
      expect(refused.ok, JSON.stringify(body)).to.equal(false);
      expect(refused.error.code).to.equal('invalid_input');
      expect(refused.error.message).to.match(/body: must not contain control characters \(line breaks and tabs are fine\)/);
    }
    const kept = await socket.request({ type: 'message.send', chatId, clientMsgId: newMsgId(), body: 'line one\r\nline two\rthree\ttabbed' });
    expect(kept.ok, JSON.stringify(kept)).to.equal(true);
    const bodies = (await scene.db.models.Message.findAll({ where: { chat_id: chatId, sender_type: 'visitor' }, order: [['seq', 'ASC']] })).map((m) => m.body);
    expect(bodies).to.deep.equal(['Hello', 'line one\nline two\nthree\ttabbed']);
  });

  it('page.view takes only http(s) URLs of at most 2,048 characters, others get bad_frame and nothing is stored; control characters in a title become spaces', async () => {
    const { socket, session } = await visitor();
    const before = await pageViews(session.visitorId);
    const bad = [
      { url: 'javascript:alert(document.cookie)' },
      { url: 'not a url at all' },
      { url: 'ftp://example.test/file' },
      { url: 'data:text/html,<script>alert(1)</script>' },
      { url: `https://example.test/${'a'.repeat(2100)}` },
    ];
    for (const frame of bad) {
      socket.frames.length = 0;
      socket.ws.send(JSON.stringify({ type: 'page.view', ...frame }));
      const error = await socket.next((f) => f.type === 'error');
      expect(error.error.code, JSON.stringify(frame).slice(0, 80)).to.equal('bad_frame');
      expect(error.error.message).to.match(/url: must be (an http:\/\/ or https:\/\/ URL|at most 2,048 characters)/);
    }
    // A title is the host page's, not the visitor's: its control characters become spaces rather
    // than break the widget on that website.
    socket.ws.send(JSON.stringify({ type: 'page.view', url: 'https://example.test/pricing?plan=pro', title: 'Pricing\u0000\u0007\n| Shop\t' }));
    const good = [...before, ['https://example.test/pricing?plan=pro', 'Pricing | Shop']];
    await waitForValue('the page views stored', () => pageViews(session.visitorId), good);
  });

  it('the page beacon and the widget session refuse a non-http(s) page URL with 422, storing nothing', async () => {
    const { session } = await visitor();
    const before = await pageViews(session.visitorId);
    const beacon = await fetch(`${scene.server.baseUrl}/api/widget/pages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ token: session.token, url: 'javascript:alert(1)', title: 'x' }),
    });
    expect(beacon.status).to.equal(422);
    expect((await beacon.json()).error.message).to.match(/url: must be an http:\/\/ or https:\/\/ URL/);
    expect(await pageViews(session.visitorId)).to.deep.equal(before);

    const client = await scene.f.client({ domains: ['example.test'] });
    const visitors = await scene.db.models.Visitor.count();
    const res = await fetch(`${scene.server.baseUrl}/api/widget/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ widgetKey: client.widget_key, page: { url: 'vbscript:msgbox', title: 'x' } }),
    });
    expect(res.status).to.equal(422);
    expect(await scene.db.models.Visitor.count()).to.equal(visitors);
  });
});
