import { expect } from 'chai';
import { withServer } from '../../helpers/scene.js';
import { ApiClient } from '../../helpers/http.js';
import { TestSocket } from '../../helpers/rtclient.js';
import { visitorSession } from '../../helpers/visitors.js';

const REAL = '203.0.113.7';
/** What nginx with $proxy_add_x_forwarded_for passed on: the client's own header, then the address nginx saw. */
const spoofed = (fake: string) => ({ 'x-forwarded-for': `${fake}, ${REAL}` });
const ORIGIN = 'https://example.test';

describe("behind a proxy, the client's address is the one the proxy saw, everywhere", () => {
  // trustProxy: true still works and means one proxy.
  const scene = withServer('sqlite', { server: { trustProxy: true }, auth: { loginRateLimitPerMinute: 3, maxFailedLogins: 100 } });

  it('counts sign-ins with a rotating X-Forwarded-For against the real address, and audits that address', async () => {
    const answers: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const res = await new ApiClient(scene.server.baseUrl).request('POST', '/api/auth/login', { email: 'nobody@example.test', password: 'guess' }, spoofed(`198.51.100.${i}`));
      answers.push(res.status);
    }
    expect(answers).to.deep.equal([401, 401, 401, 429, 429]);
    const audited = await scene.db.models.AuditLog.findAll({ where: { action: 'login.failed' } });
    expect(audited.map((row) => row.ip)).to.have.length(3).and.to.satisfy((ips: string[]) => ips.every((ip) => ip === REAL));
  });

  it('records the real address for a visitor (widget session), its socket and its long-poll connection', async () => {
    const client = await scene.f.client();
    const res = await fetch(`${scene.server.baseUrl}/api/widget/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, ...spoofed('8.8.8.8') },
      body: JSON.stringify({ widgetKey: client.widget_key, page: { url: `${ORIGIN}/`, title: 'Home' } }),
    });
    expect(res.status).to.equal(200);
    const { visitorId, token } = (await res.json()) as { visitorId: number; token: string };
    expect((await scene.db.models.Visitor.findByPk(visitorId))!.ip_address).to.equal(REAL);

    const socket = await TestSocket.connect(`${scene.server.baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`, { origin: ORIGIN, ...spoofed('8.8.4.4') });
    const poll = await fetch(`${scene.server.baseUrl}/api/widget/poll/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, ...spoofed('9.9.9.9') },
      body: JSON.stringify({ token }),
    });
    expect(poll.status).to.equal(200);
    const mine = [...scene.server.realtime.hub.connections.values()].filter((c) => c.identity.kind === 'visitor' && c.identity.visitorId === visitorId);
    expect(mine).to.have.length(2);
    for (const conn of mine) expect(conn.ip).to.equal(REAL);
    socket.ws.close();
    // (visitorSession is the helper other tests use; it sends no X-Forwarded-For and gets the proxy's own address.)
    const direct = await visitorSession(scene.server.baseUrl, client.widget_key, ORIGIN);
    expect((await scene.db.models.Visitor.findByPk(direct.visitorId))!.ip_address).to.match(/127\.0\.0\.1$/);
  });
});
