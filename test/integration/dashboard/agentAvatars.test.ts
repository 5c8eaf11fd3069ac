import { expect } from 'chai';
import sharp from 'sharp';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { signedIn } from '../../helpers/http.js';

const png = () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#1f7aec' } }).png().toBuffer();
const form = (bytes: Buffer) => {
  const fd = new FormData();
  fd.append('avatar', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'a.png');
  return fd;
};

/** The admin screen sets an agent's avatar: super admins only, real images only. */
describeEachDialect('agent avatars set by a super admin', (dialect) => {
  const scene = withServer(dialect);

  it('lets a super admin set an agent’s avatar, and refuses agents, managers, unknown ids and non-images', async () => {
    const agent = await scene.f.user('agent', { email: 'ann@example.test' });
    await scene.f.user('manager', { email: 'mia@example.test' });
    await scene.f.user('super_admin', { email: 'root@example.test' });
    const root = await signedIn(scene.server.baseUrl, 'root@example.test', TEST_PASSWORD);
    const ann = await signedIn(scene.server.baseUrl, 'ann@example.test', TEST_PASSWORD);
    const mia = await signedIn(scene.server.baseUrl, 'mia@example.test', TEST_PASSWORD);

    expect((await ann.request('POST', `/api/agents/${agent.id}/avatar`, form(await png()))).status).to.equal(403);
    expect((await mia.request('POST', `/api/agents/${agent.id}/avatar`, form(await png()))).status).to.equal(403);
    expect((await root.request('POST', '/api/agents/99999/avatar', form(await png()))).status).to.equal(404);
    expect((await root.request('POST', `/api/agents/${agent.id}/avatar`, form(Buffer.from('not an image')))).status).to.equal(422);
    await agent.reload();
    expect(agent.avatar).to.equal(null);

    const res = await root.request('POST', `/api/agents/${agent.id}/avatar`, form(await png()));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.agent.avatarUrl).to.equal(`/api/avatars/${agent.id}`);
    const served = await fetch(`${scene.server.baseUrl}/api/avatars/${agent.id}`);
    expect(served.status).to.equal(200);
    expect(served.headers.get('content-type')).to.match(/^image\//);
  });
});
