import { expect } from 'chai';
import { describeEachDialect } from '../../helpers/databases.js';
import { withServer } from '../../helpers/scene.js';
import { runCli } from '../../helpers/cli.js';
import { ApiClient, signedIn } from '../../helpers/http.js';
import WebSocket from 'ws';

/**
 * A password the CLI made for someone (`agent add`, `agent passwd`) is known to whoever ran it:
 * its owner signs in, may only see who they are, sign out or choose their own password; every
 * other API call and the socket answer 403 `password_change_required` until then.
 */
describeEachDialect('a password set by the CLI must be changed first', (dialect) => {
  const scene = withServer(dialect);
  const cli = (...args: string[]) => runCli(args, { dataDir: scene.install.dataDir });
  const first = 'cli-made-password-1';
  const chosen = 'my-own-password-22';
  /** The status the socket's upgrade gets with this cookie (101: it opened). */
  const upgradeStatus = (cookie: string) =>
    new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${scene.server.baseUrl.replace('http', 'ws')}/ws`, { headers: { cookie, origin: scene.server.baseUrl } });
      ws.once('unexpected-response', (_req, res) => (resolve(res.statusCode ?? 0), ws.terminate()));
      ws.once('open', () => (resolve(101), ws.close()));
      ws.once('error', reject);
    });

  it('marks a CLI-made password, refuses everything but the change with a clear 403, socket included', async () => {
    const site = await scene.f.client({ name: 'Shop' });
    const added = await cli('agent', 'add', '--email', 'ann@example.test', '--name', 'Ann Lee', '--clients', 'Shop', '--password', first);
    expect(added.code, added.stderr).to.equal(0);
    expect(added.stdout).to.match(/choose their own password at first sign-in/);

    const ann = await signedIn(scene.server.baseUrl, 'ann@example.test', first);
    const me = await ann.get('/api/auth/me');
    expect(me.status).to.equal(200);
    expect(me.body.user).to.include({ email: 'ann@example.test', mustChangePassword: true });
    for (const path of ['/api/inbox', '/api/clients', `/api/clients/${site.id}/agents`, '/api/notifications']) {
      const refused = await ann.get(path);
      expect(refused.status, path).to.equal(403);
      expect(refused.body.error.code, path).to.equal('password_change_required');
      expect(refused.body.error.message, path).to.match(/Choose your own password/);
    }
    expect((await ann.patch('/api/profile', { pseudoName: 'Annie' })).status, 'writes too').to.equal(403);
    expect(await upgradeStatus(ann.cookie!)).to.equal(403);

    // A wrong current password, or the same one again, changes nothing.
    const wrong = await ann.put('/api/profile/password', { currentPassword: 'not-it-at-all', newPassword: chosen });
    expect(wrong.status).to.equal(422);
    const same = await ann.put('/api/profile/password', { currentPassword: first, newPassword: first });
    expect(same.status).to.equal(422);
    expect(same.body.error.code).to.equal('password_unchanged');
    expect((await ann.get('/api/inbox')).status).to.equal(403);

    expect((await ann.put('/api/profile/password', { currentPassword: first, newPassword: chosen })).status).to.equal(204);
    expect((await ann.get('/api/auth/me')).body.user.mustChangePassword).to.equal(false);
    expect((await ann.get('/api/inbox')).status).to.equal(200);
    expect(await upgradeStatus(ann.cookie!)).to.equal(101);
    const user = await scene.db.models.User.findOne({ where: { email: 'ann@example.test' } });
    expect(user!.must_change_password).to.equal(false);
  });

  it('marks a password reset by `agent passwd` again, and sign-out stays open', async () => {
    const reset = await cli('agent', 'passwd', 'ann@example.test', '--json');
    expect(reset.code, reset.stderr).to.equal(0);
    const ann = await signedIn(scene.server.baseUrl, 'ann@example.test', reset.json().oneTimePassword);
    expect((await ann.get('/api/auth/me')).body.user.mustChangePassword).to.equal(true);
    expect((await ann.get('/api/inbox')).body.error.code).to.equal('password_change_required');
    expect((await ann.post('/api/auth/logout')).status).to.equal(204);
    expect((await ann.get('/api/auth/me')).status).to.equal(401);
  });

  it('leaves accounts made or reset in the dashboard as they were', async () => {
    await scene.f.user('agent', { email: 'bob@example.test' });
    const bob = new ApiClient(scene.server.baseUrl);
    await bob.login('bob@example.test', 'correct horse battery');
    expect((await bob.get('/api/auth/me')).body.user.mustChangePassword).to.equal(false);
    expect((await bob.get('/api/inbox')).status).to.equal(200);
  });
});
