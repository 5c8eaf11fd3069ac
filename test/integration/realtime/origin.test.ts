import { expect } from 'chai';
import WebSocket from 'ws';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';
import { visitorSession } from '../../helpers/visitors.js';
import { loadConfig } from '../../../lib/config/load.js';

/** The upgrade's answer: 101 when the socket opened (and its hello arrived), else the HTTP status. */
function upgrade(url: string, headers: Record<string, string>) {
  return new Promise<number>((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('message', (data) => {
      resolve(JSON.parse(String(data)).type === 'hello' ? 101 : -1);
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

/**
 * The Origin rule of docs/protocol.md, both ways. A browser always sends Origin on a WebSocket, so
 * the check exists against a foreign page using the agent's cookie (or a visitor's token) from
 * the browser; a client that sends no Origin is not a browser and is accepted on its credentials.
 */
describe('realtime: which Origin a socket may come from', () => {
  const scene = withServer('sqlite');
  let site: { widget_key: string };
  let cookie: string;
  let token: string;
  const origins = () => ({
    none: undefined,
    own: scene.server.baseUrl,
    publicUrl: new URL(loadConfig({ flags: { dataDir: scene.install.dataDir }, env: {} }).publicUrl).origin,
    website: 'https://www.example.test',
    foreign: 'https://evil.test',
  });

  before(async () => {
    site = await scene.f.client({ domains: ['example.test'] });
    const agent = await scene.f.user('agent', {}, [(site as unknown as { id: number }).id]);
    cookie = (await signedIn(scene.server.baseUrl, agent.email, TEST_PASSWORD)).cookie!;
    token = (await visitorSession(scene.server.baseUrl, site.widget_key, 'https://example.test')).token;
  });

  const statusFor = async (url: string, base: Record<string, string>) => {
    const out: Record<string, number> = {};
    for (const [name, origin] of Object.entries(origins())) out[name] = await upgrade(url, origin ? { ...base, origin } : base);
    return out;
  };

  it("agent sockets: the dashboard's own origin or none; the website's domain and foreign origins get 403", async () => {
    const url = `${scene.server.baseUrl.replace('http', 'ws')}/ws`;
    expect(await statusFor(url, { cookie })).to.deep.equal({ none: 101, own: 101, publicUrl: 101, website: 403, foreign: 403 });
    // Without a session: 401 where the origin passes, 403 where it does not.
    expect(await statusFor(url, {})).to.deep.equal({ none: 401, own: 401, publicUrl: 401, website: 403, foreign: 403 });
  });

  it("visitor sockets: the website's domains, livechat's own origin (the widget frame) or none; foreign origins get 403", async () => {
    const url = `${scene.server.baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`;
    expect(await statusFor(url, {})).to.deep.equal({ none: 101, own: 101, publicUrl: 101, website: 101, foreign: 403 });
    // A bad token is 401 whatever the origin says.
    const bad = `${scene.server.baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(token.slice(0, -2) + 'xx')}`;
    expect(Object.values(await statusFor(bad, {}))).to.deep.equal([401, 401, 401, 401, 401]);
  });

  it('long polling opens under the same rule as the visitor socket', async () => {
    const out: Record<string, number> = {};
    for (const [name, origin] of Object.entries(origins())) {
      const res = await fetch(`${scene.server.baseUrl}/api/widget/poll/open`, { method: 'POST', headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) }, body: JSON.stringify({ token }) });
      out[name] = res.status;
    }
    expect(out).to.deep.equal({ none: 200, own: 200, publicUrl: 200, website: 200, foreign: 403 });
  });

  it("a disabled website's visitor token gets 403 from any origin", async () => {
    const other = await scene.f.client({ domains: ['example.test'] });
    const otherToken = (await visitorSession(scene.server.baseUrl, other.widget_key, 'https://example.test')).token;
    await other.update({ is_active: false });
    const url = `${scene.server.baseUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(otherToken)}`;
    expect(Object.values(await statusFor(url, {}))).to.deep.equal([403, 403, 403, 403, 403]);
  });
});
