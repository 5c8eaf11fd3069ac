import { expect } from 'chai';
import zlib from 'node:zlib';
import { describeEachDialect } from '../../helpers/databases.js';
import { TEST_PASSWORD } from '../../helpers/factories.js';
import { withServer } from '../../helpers/scene.js';
import { ApiClient, signedIn } from '../../helpers/http.js';

/** A real 1x1 PNG, built byte by byte (signature, IHDR, IDAT, IEND with their CRCs). */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describeEachDialect('own profile', (dialect) => {

  const scene = withServer(dialect, { files: { avatarMaxBytes: 4096 } });

  it('changes the pseudo name shown in chats and the sound preferences, and refuses unknown fields', async () => {
    const user = await scene.f.user('agent', { email: 'p1@example.test' });
    const api = await signedIn(scene.server.baseUrl, 'p1@example.test', TEST_PASSWORD);
    const res = await api.patch('/api/profile', { pseudoName: 'Alexa', preferences: { sounds: false } });
    expect(res.status).to.equal(200);
    expect(res.body.profile).to.include({ pseudoName: 'Alexa' });
    expect(res.body.profile.preferences).to.deep.equal({ sounds: false });
    const bad = await api.patch('/api/profile', { role: 'super_admin' });
    expect(bad.status).to.equal(422);
    expect((await scene.db.models.User.findByPk(user.id))!.role).to.equal('agent');
  });

  it('changes the password only with the current one, keeping this session and ending the others', async () => {
    await scene.f.user('agent', { email: 'p2@example.test' });
    const here = await signedIn(scene.server.baseUrl, 'p2@example.test', TEST_PASSWORD);
    const elsewhere = await signedIn(scene.server.baseUrl, 'p2@example.test', TEST_PASSWORD);
    const wrong = await here.put('/api/profile/password', { currentPassword: 'not it', newPassword: 'a-new-password-1' });
    expect(wrong.status).to.equal(422);
    const ok = await here.put('/api/profile/password', { currentPassword: TEST_PASSWORD, newPassword: 'a-new-password-1' });
    expect(ok.status).to.equal(204);
    expect((await here.get('/api/auth/me')).status).to.equal(200);
    expect((await elsewhere.get('/api/auth/me')).status).to.equal(401);
    expect((await new ApiClient(scene.server.baseUrl).login('p2@example.test', 'a-new-password-1')).status).to.equal(200);
  });

  it('takes a real PNG as avatar and serves it; refuses a text file named .png and an oversize file', async () => {
    const user = await scene.f.user('agent', { email: 'p3@example.test' });
    const api = await signedIn(scene.server.baseUrl, 'p3@example.test', TEST_PASSWORD);
    const form = (bytes: Buffer, name: string) => {
      const fd = new FormData();
      fd.append('avatar', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name);
      return fd;
    };
    const fake = await api.request('POST', '/api/profile/avatar', form(Buffer.from('just text, honest'), 'me.png'));
    expect(fake.status).to.equal(422);
    expect(fake.body.error.message).to.match(/PNG, JPEG or WebP/);
    const big = await api.request('POST', '/api/profile/avatar', form(Buffer.concat([tinyPng(), Buffer.alloc(5000)]), 'big.png'));
    expect(big.status).to.equal(422);
    expect((await scene.db.models.User.findByPk(user.id))!.avatar).to.equal(null);

    const ok = await api.request('POST', '/api/profile/avatar', form(tinyPng(), 'me.png'));
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body.profile.avatarUrl).to.equal(`/api/avatars/${user.id}`);
    const served = await fetch(`${scene.server.baseUrl}/api/avatars/${user.id}`);
    expect(served.status).to.equal(200);
    expect(served.headers.get('content-type')).to.equal('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(tinyPng())).to.equal(true);
  });
});
